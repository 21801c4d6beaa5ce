using System.ClientModel;
using System.Globalization;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using Polly.CircuitBreaker;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>Raised inside the gateway when one of its own timers (first token, idle gap, total) ran out.</summary>
internal sealed class LlmTimeoutException(LlmFailureKind kind, TimeSpan limit)
    : TimeoutException($"LLM call timed out: {kind} after {limit.TotalSeconds:0.###} s.")
{
    public LlmFailureKind Kind { get; } = kind;
}

/// <summary>Turns whatever the OpenAI SDK, the HTTP stack or Polly threw into an <see cref="LlmFailure"/>.</summary>
internal static class LlmFaults
{
    public static LlmFailure Classify(Exception exception, int attempts, TimeProvider clock)
    {
        switch (exception)
        {
            case LlmTimeoutException timeout:
                return new(timeout.Kind, null, null, attempts);
            case BrokenCircuitException broken:
                return new(LlmFailureKind.CircuitOpen, null, broken.RetryAfter, attempts);
            case ClientResultException { Status: > 0 } http:
                return FromStatus(http.Status, RetryAfter(http, clock), attempts);
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is JsonException or FormatException)
            {
                return new(LlmFailureKind.MalformedResponse, null, null, attempts);
            }
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or SocketException or ObjectDisposedException or ClientResultException
                or OperationCanceledException)
            {
                return new(LlmFailureKind.Network, null, null, attempts);
            }
        }
        // Anything else from the SDK (e.g. an unexpected shape it cannot map) is a response we cannot use.
        return new(LlmFailureKind.MalformedResponse, null, null, attempts);
    }

    private static LlmFailure FromStatus(int status, TimeSpan? retryAfter, int attempts) => status switch
    {
        429 => new(LlmFailureKind.RateLimited, status, retryAfter, attempts),
        408 or >= 500 => new(LlmFailureKind.ServerError, status, retryAfter, attempts),
        401 or 403 => new(LlmFailureKind.Unauthorized, status, null, attempts),
        _ => new(LlmFailureKind.Rejected, status, null, attempts),
    };

    /// <summary><c>retry-after-ms</c> (OpenAI), else <c>Retry-After</c> as seconds or an HTTP-date.</summary>
    internal static TimeSpan? RetryAfter(ClientResultException exception, TimeProvider clock)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }
        if (headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }
        return headers.TryGetValue("Retry-After", out var value) ? ParseRetryAfter(value, clock.GetUtcNow()) : null;
    }

    internal static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
