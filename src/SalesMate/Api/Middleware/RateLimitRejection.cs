using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SalesMate.Services.OpenAiCompat;

namespace SalesMate.Api.Middleware;

/// <summary>
/// The answer to a request over a limit: 429 with Retry-After (whole seconds) and a body naming the limit, as problem
/// details, or in OpenAI's error shape on the OpenAI-compatible /v1 routes.
/// </summary>
public static class RateLimitRejection
{
    public static async ValueTask WriteAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (context.Lease is not RejectedLease rejected)
        {
            return; // not ours: the middleware's plain 429 stands
        }
        var rule = rejected.Rule;
        var seconds = Math.Max(1, (int)Math.Ceiling(rejected.RetryAfter.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var detail = $"Too many requests {rule.Scope}: the limit is {rule.Options.Limit} per {Window(rule.Options.WindowSeconds)}. " +
                     $"Retry after {seconds} second{(seconds == 1 ? "" : "s")}.";
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimitRejection).FullName!)
            .LogInformation("Rate limit {Limit} refused {Method} {Path}", rule.Name, http.Request.Method, http.Request.Path.Value);

        if (RequestPaths.Route(http.Request.Path).StartsWithSegments("/v1"))
        {
            await http.Response.WriteAsJsonAsync(new OpenAiErrorBody(new OpenAiError(detail, "requests", null, "rate_limit_exceeded")),
                OpenAiJson.Options, cancellationToken);
            return;
        }
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests",
            Detail = detail,
            Extensions =
            {
                ["limit"] = rule.Name,
                ["limit_requests"] = rule.Options.Limit,
                ["limit_window_seconds"] = rule.Options.WindowSeconds,
                ["retry_after_seconds"] = seconds,
            },
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static string Window(int seconds) => seconds switch
    {
        60 => "minute",
        3600 => "hour",
        86_400 => "day",
        _ when seconds % 3600 == 0 => $"{seconds / 3600} hours",
        _ when seconds % 60 == 0 => $"{seconds / 60} minutes",
        _ => $"{seconds} seconds",
    };
}
