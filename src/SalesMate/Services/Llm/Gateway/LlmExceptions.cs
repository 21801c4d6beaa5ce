namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The model could not be used and nothing reached the caller: the circuit is open, the provider failed or timed out
/// before the first token (after the allowed retries), or it rejected the request. The caller can fall back
/// (e.g. to the local responder) or try again later; nothing has been shown to the user.
/// </summary>
public sealed class LlmUnavailableException : Exception
{
    public LlmUnavailableException()
        : this("The LLM provider is unavailable.")
    {
    }

    public LlmUnavailableException(string message)
        : this(message, null)
    {
    }

    public LlmUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = "unknown";
    }

    public LlmUnavailableException(string provider, string message, Exception? innerException, LlmFailure failure)
        : base(message, innerException)
    {
        Provider = provider;
        Failure = failure;
    }

    public string Provider { get; }

    /// <summary>What went wrong; <see cref="LlmFailureKind.CircuitOpen"/> means no request was sent at all.</summary>
    public LlmFailure Failure { get; init; } = new(LlmFailureKind.Network, null, null, 0);

    /// <summary>True when trying again later may work (overload, outage, timeout); false for a rejected request.</summary>
    public bool IsTransient => Failure.IsTransient;

    /// <summary>How long the provider (Retry-After) or the open circuit asks callers to wait, when known.</summary>
    public TimeSpan? RetryAfter => Failure.RetryAfter;
}

/// <summary>
/// A streamed answer broke off after at least one chunk had reached the caller (connection dropped, stalled past the
/// idle timeout, malformed chunk, total timeout). It is never retried, because the caller has already shown part of the
/// answer. <see cref="PartialText"/> holds the text streamed so far, so the caller can store the partial answer.
/// </summary>
public sealed class LlmStreamInterruptedException : Exception
{
    public LlmStreamInterruptedException()
        : this("The LLM stream was interrupted.")
    {
    }

    public LlmStreamInterruptedException(string message)
        : this(message, null)
    {
    }

    public LlmStreamInterruptedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Provider = "unknown";
        PartialText = "";
    }

    public LlmStreamInterruptedException(string provider, string partialText, string message, Exception? innerException, LlmFailure failure)
        : base(message, innerException)
    {
        Provider = provider;
        PartialText = partialText;
        Failure = failure;
    }

    public string Provider { get; }

    /// <summary>The concatenated text of every update the caller received before the break.</summary>
    public string PartialText { get; }

    public LlmFailure Failure { get; init; } = new(LlmFailureKind.Network, null, null, 0);
}

public enum LlmFailureKind
{
    /// <summary>The circuit breaker is open: no request was sent.</summary>
    CircuitOpen,
    /// <summary>HTTP 429.</summary>
    RateLimited,
    /// <summary>HTTP 5xx or 408.</summary>
    ServerError,
    /// <summary>Connection refused, reset or dropped, DNS, TLS.</summary>
    Network,
    /// <summary>No first token within <c>llm.first_token_timeout_seconds</c>.</summary>
    FirstTokenTimeout,
    /// <summary>No chunk within <c>llm.idle_timeout_seconds</c> of the previous one.</summary>
    IdleTimeout,
    /// <summary>The call exceeded <c>llm.total_timeout_seconds</c>.</summary>
    TotalTimeout,
    /// <summary>The provider sent something that is not the OpenAI wire format.</summary>
    MalformedResponse,
    /// <summary>401/403: the key is missing, wrong or not allowed.</summary>
    Unauthorized,
    /// <summary>Any other 4xx: the request itself was refused (unknown model, bad schema, context too long).</summary>
    Rejected,
}

/// <summary>Classification of a failed call: kind, HTTP status (if any), Retry-After (if any), and attempts made.</summary>
public sealed record LlmFailure(LlmFailureKind Kind, int? StatusCode, TimeSpan? RetryAfter, int Attempts)
{
    public bool IsTransient => Kind is not (LlmFailureKind.Rejected or LlmFailureKind.Unauthorized or LlmFailureKind.MalformedResponse);

    /// <summary>Whether one more attempt may be made, before the first chunk reached the caller.</summary>
    public bool IsRetryable => Kind is LlmFailureKind.RateLimited or LlmFailureKind.ServerError or LlmFailureKind.Network
        or LlmFailureKind.FirstTokenTimeout;

    /// <summary>Whether the failure says something about the provider's health (feeds the circuit breaker).</summary>
    public bool CountsAgainstProvider => Kind is not (LlmFailureKind.Rejected or LlmFailureKind.CircuitOpen or LlmFailureKind.TotalTimeout);

    public string Describe() => Kind switch
    {
        LlmFailureKind.CircuitOpen => "circuit open after repeated failures",
        LlmFailureKind.RateLimited => "rate limited (HTTP 429)",
        LlmFailureKind.ServerError => $"server error (HTTP {StatusCode})",
        LlmFailureKind.Network => "network error",
        LlmFailureKind.FirstTokenTimeout => "no first token in time",
        LlmFailureKind.IdleTimeout => "stream stalled",
        LlmFailureKind.TotalTimeout => "total timeout exceeded",
        LlmFailureKind.MalformedResponse => "malformed response",
        LlmFailureKind.Unauthorized => $"not authorised (HTTP {StatusCode})",
        _ => $"request rejected (HTTP {StatusCode})",
    };
}
