using System.Buffers;
using System.Diagnostics;

namespace SalesMate.Api.Middleware;

/// <summary>One JSON log line per request with request_id and latency_ms; the id is echoed as X-Request-Id.</summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    private static readonly SearchValues<char> RequestIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public async Task InvokeAsync(HttpContext http)
    {
        Utils.TurnTimeline.Mark("pipeline.start");
        var requestId = http.Request.Headers["X-Request-Id"].FirstOrDefault() is { Length: > 0 and <= 64 } given
            && !given.AsSpan().ContainsAnyExcept(RequestIdChars)
            ? given
            : Guid.CreateVersion7().ToString("N");
        http.TraceIdentifier = requestId;
        http.Response.Headers["X-Request-Id"] = requestId;
        var started = Stopwatch.GetTimestamp();
        // An array, not a dictionary: the scope lives as long as the request, and SSE requests stay open for minutes.
        using (logger.BeginScope(new KeyValuePair<string, object>[] { new("RequestId", requestId) }))
        {
            try
            {
                await next(http);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    LogRequest(logger, http.Request.Method, http.Request.Path.Value, http.Response.StatusCode,
                        Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2));
                }
            }
        }
    }

    // Generated: no argument array or boxing per request, and nothing at all when the level is off.
    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {StatusCode} in {LatencyMs} ms")]
    private static partial void LogRequest(ILogger logger, string method, string? path, int statusCode, double latencyMs);
}
