using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Core;
using SalesMate.Database;

namespace SalesMate.Api.Middleware;

/// <summary>The one place exceptions become RFC 7807 problem details. Unknown failures are 500s without internals.</summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var http = httpContext;
        ProblemDetails problem = exception switch
        {
            RequestValidationException validation => new ValidationProblemDetails(validation.Errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid request",
                Detail = string.Join(" ", validation.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))),
            },
            NotFoundException notFound => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = $"{notFound.Resource} not found",
                Detail = notFound.Message,
            },
            SessionRequiredException session => new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Session required",
                Detail = session.Message,
            },
            AssistantUnavailableException unavailable => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Assistant unavailable",
                Detail = unavailable.Message,
                Extensions = { ["retryable"] = true },
            },
            IdempotencyMismatchException mismatch => new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Idempotency key reused",
                Detail = mismatch.Message,
            },
            UnauthorizedException unauthorized => new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = unauthorized.Message,
            },
            CsrfRejectedException csrf => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = csrf.Title,
                Detail = csrf.Message,
            },
            TextTooLongException tooLong => new ValidationProblemDetails(new Dictionary<string, string[]> { [tooLong.Field] = [tooLong.Message] })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Text too long",
                Detail = tooLong.Message,
                Extensions = { ["max_chars"] = tooLong.MaxChars },
            },
            PayloadTooLargeException tooLarge => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "File too large",
                Detail = tooLarge.Message,
                Extensions = { ["max_bytes"] = tooLarge.MaxBytes },
            },
            UnsupportedMediaTypeException unsupported => new ValidationProblemDetails(new Dictionary<string, string[]> { [unsupported.Field] = [unsupported.Message] })
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported file",
                Detail = unsupported.Message,
            },
            ForbiddenException forbidden => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = forbidden.Message,
            },
            TooManyRequestsException tooMany => new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = tooMany.Message,
                Extensions = { ["retry_after_seconds"] = RetryAfterSeconds(tooMany.RetryAfter) },
            },
            InvalidCodeException invalidCode => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid code",
                Detail = invalidCode.Message,
            },
            EmailUnavailableException email => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Email unavailable",
                Detail = email.Message,
                Extensions = { ["retryable"] = true },
            },
            ConflictException conflict => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = conflict.Message,
            },
            Microsoft.EntityFrameworkCore.DbUpdateException update when WriteConflicts.IsConflict(update) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = "The data changed while this request was processed (for example two messages sent to one conversation at once). Retry the request.",
            },
            BadHttpRequestException badRequest => new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Malformed request",
                Detail = Describe(badRequest),
            },
            _ when UnstorableText.IsCause(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid text",
                Detail = UnstorableText.Message,
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Unexpected error",
                Detail = "Something went wrong on our side. The error has been logged.",
            },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
        }
        else if (problem.Status >= 500)
        {
            // A known outage (email provider, assistant): what failed was recorded where it happened; no stack trace here.
            logger.LogWarning("{Title} on {Method} {Path}: {Detail}", problem.Title, http.Request.Method, http.Request.Path, problem.Detail);
        }
        if (exception is TooManyRequestsException limited)
        {
            http.Response.Headers.RetryAfter = RetryAfterSeconds(limited.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static int RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>Model-binding failures say which parameter or body was wrong, without echoing the payload.</summary>
    private static string Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is System.Text.Json.JsonException json)
        {
            // For a value of the wrong type System.Text.Json names the .NET type it was building, which tells a client nothing.
            var reason = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? "the value has the wrong JSON type (for example a string where a number, a boolean or an object is expected)"
                : json.Message.Split(". Path:")[0];
            return $"The JSON body is invalid{(json.Path is { Length: > 0 } path ? $" at {path}" : "")}: {reason}.";
        }
        if (exception.Message.Contains("but no body was provided", StringComparison.Ordinal)
            || exception.Message.EndsWith("was not provided from body.", StringComparison.Ordinal))
        {
            return "This request needs a JSON body (Content-Type: application/json); none was sent, or it was the JSON literal null.";
        }
        var binding = BindingFailure().Match(exception.Message);
        if (binding.Success)
        {
            var type = binding.Groups["type"].Value.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('>');
            var value = binding.Groups["value"].Value;
            return $"Parameter '{Utils.Naming.ToSnakeCase(binding.Groups["name"].Value)}' must be a {type.ToLowerInvariant()}; got '{(value.Length > 50 ? value[..50] + "..." : value)}'.";
        }
        return exception.Message;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$")]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();
}
