using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// Section <c>llm</c>: the provider (<c>local</c> is the keyless grounded responder; the others are called through the
/// LLM gateway in <c>Services/Llm/Gateway</c>), its timeouts, retries, circuit breaker and price table.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "llm";
    public static readonly string[] Providers = ["local", "openai", "openrouter", "ollama", "openai-compatible"];

    public string Provider { get; set; } = "local";
    public string Model { get; set; } = "salesmate-local";

    [ConfigurationKeyName("base_url")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    public double Temperature { get; set; } = 0.3;

    [ConfigurationKeyName("max_tokens")]
    public int MaxTokens { get; set; } = 1024;

    /// <summary>TCP/TLS connect timeout for the provider's HTTP connections.</summary>
    /// <summary>
    /// The catalog lookup the rules understood in a message (a search with a category, brand, feature or budget; "compare
    /// the first two"; "tell me more about the second one"; "cheaper") runs before the first model call and reaches the
    /// model as its own tool call and result, so the model can answer in one call instead of asking for it first. The
    /// model keeps its tools for anything else.
    /// </summary>
    [ConfigurationKeyName("prefetch_tools")]
    public bool PrefetchTools { get; set; } = true;

    [ConfigurationKeyName("connect_timeout_seconds")]
    public double ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// HTTP version to the provider: <c>auto</c> (HTTP/2 when the https server offers it by ALPN, else HTTP/1.1; plain
    /// http stays on HTTP/1.1), <c>1.1</c>, or <c>2</c> (required; over plain http it is h2c with prior knowledge, for
    /// vLLM/Ollama behind an HTTP/2 proxy or local servers). Over HTTP/2 concurrent answers share connections.
    /// </summary>
    [ConfigurationKeyName("http_version")]
    public string HttpVersion { get; set; } = "auto";

    public static readonly string[] HttpVersions = ["auto", "1.1", "2"];

    /// <summary>From sending a request to the first token (the whole answer for a non-streamed call counts as one).</summary>
    [ConfigurationKeyName("first_token_timeout_seconds")]
    public double FirstTokenTimeoutSeconds { get; set; } = 60;

    /// <summary>Longest gap between two streamed chunks; a long stream that keeps sending survives.</summary>
    [ConfigurationKeyName("idle_timeout_seconds")]
    public double IdleTimeoutSeconds { get; set; } = 30;

    /// <summary>Whole call, retries and backoff included.</summary>
    [ConfigurationKeyName("total_timeout_seconds")]
    public double TotalTimeoutSeconds { get; set; } = 600;

    /// <summary>Retries after the first attempt, only for 408/429/5xx/network errors/first-token timeouts, never after the first streamed chunk.</summary>
    [ConfigurationKeyName("max_retries")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First backoff delay; it doubles per retry, with jitter.</summary>
    [ConfigurationKeyName("retry_base_delay_seconds")]
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>Cap for one backoff delay, including a provider's Retry-After.</summary>
    [ConfigurationKeyName("retry_max_delay_seconds")]
    public double RetryMaxDelaySeconds { get; set; } = 20;

    [ConfigurationKeyName("circuit_breaker")]
    public LlmCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>USD per million tokens, by model id (case-insensitive; the longest key that prefixes a dated model id also matches).</summary>
    public Dictionary<string, LlmPrice> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsHosted => Provider != "local";

    internal IEnumerable<string> Validate()
    {
        if (!Providers.Contains(Provider))
        {
            yield return OptionErrors.NotOneOf("llm.provider", Provider, Providers);
        }
        if (!HttpVersions.Contains(HttpVersion))
        {
            yield return OptionErrors.NotOneOf("llm.http_version", HttpVersion, HttpVersions);
        }
        if (Temperature is < 0 or > 2)
        {
            yield return $"llm.temperature must be between 0 and 2; got {Temperature}.";
        }
        if (MaxTokens is < 1 or > 200_000)
        {
            yield return $"llm.max_tokens must be between 1 and 200000; got {MaxTokens}.";
        }
        if (BaseUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"llm.base_url must be an absolute http(s) URL; got '{url}'.";
        }
        if (Provider == "openai-compatible" && string.IsNullOrWhiteSpace(BaseUrl))
        {
            yield return "llm.base_url is required when llm.provider is openai-compatible (e.g. http://localhost:8000/v1).";
        }
        if (Provider is "openai" or "openrouter" && string.IsNullOrWhiteSpace(ApiKey))
        {
            var alias = Provider == "openrouter" ? "OPENROUTER_API_KEY" : "OPENAI_API_KEY";
            yield return $"llm.api_key is required when llm.provider is {Provider} (or set {alias}).";
        }
        if (IsHosted && (string.IsNullOrWhiteSpace(Model) || Model == "salesmate-local"))
        {
            yield return $"llm.model must name a model of the {Provider} provider; got '{Model}'.";
        }
        foreach (var error in Seconds("connect_timeout_seconds", ConnectTimeoutSeconds, 0.05, 300)
                     .Concat(Seconds("first_token_timeout_seconds", FirstTokenTimeoutSeconds, 0.05, 3600))
                     .Concat(Seconds("idle_timeout_seconds", IdleTimeoutSeconds, 0.05, 3600))
                     .Concat(Seconds("total_timeout_seconds", TotalTimeoutSeconds, 0.1, 86_400))
                     .Concat(Seconds("retry_base_delay_seconds", RetryBaseDelaySeconds, 0, 60))
                     .Concat(Seconds("retry_max_delay_seconds", RetryMaxDelaySeconds, 0, 600)))
        {
            yield return error;
        }
        if (MaxRetries is < 0 or > 10)
        {
            yield return $"llm.max_retries must be between 0 and 10; got {MaxRetries}.";
        }
        foreach (var error in CircuitBreaker.Validate())
        {
            yield return error;
        }
        foreach (var (model, price) in Prices)
        {
            if (price.PromptPerMillion is < 0 or > 10_000)
            {
                yield return $"llm.prices.{model}.prompt_per_million must be between 0 and 10000 (USD); got {price.PromptPerMillion}.";
            }
            if (price.CompletionPerMillion is < 0 or > 10_000)
            {
                yield return $"llm.prices.{model}.completion_per_million must be between 0 and 10000 (USD); got {price.CompletionPerMillion}.";
            }
        }
    }

    private static IEnumerable<string> Seconds(string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            yield return $"llm.{key} must be between {min} and {max}; got {value}.";
        }
    }
}

/// <summary>Section <c>llm.circuit_breaker</c>: one breaker per provider (Polly).</summary>
public sealed class LlmCircuitBreakerOptions
{
    /// <summary>Share of failed calls in the sampling window that opens the circuit.</summary>
    [ConfigurationKeyName("failure_ratio")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the window before the ratio counts.</summary>
    [ConfigurationKeyName("minimum_throughput")]
    public int MinimumThroughput { get; set; } = 5;

    [ConfigurationKeyName("sampling_duration_seconds")]
    public double SamplingDurationSeconds { get; set; } = 60;

    /// <summary>How long calls fail fast before one probe call is let through (half-open).</summary>
    [ConfigurationKeyName("break_duration_seconds")]
    public double BreakDurationSeconds { get; set; } = 30;

    internal IEnumerable<string> Validate()
    {
        if (double.IsNaN(FailureRatio) || FailureRatio is <= 0 or > 1)
        {
            yield return $"llm.circuit_breaker.failure_ratio must be greater than 0 and at most 1; got {FailureRatio}.";
        }
        if (MinimumThroughput is < 2 or > 10_000)
        {
            yield return $"llm.circuit_breaker.minimum_throughput must be between 2 and 10000; got {MinimumThroughput}.";
        }
        if (double.IsNaN(SamplingDurationSeconds) || SamplingDurationSeconds is < 0.5 or > 86_400)
        {
            yield return $"llm.circuit_breaker.sampling_duration_seconds must be between 0.5 and 86400; got {SamplingDurationSeconds}.";
        }
        if (double.IsNaN(BreakDurationSeconds) || BreakDurationSeconds is < 0.5 or > 86_400)
        {
            yield return $"llm.circuit_breaker.break_duration_seconds must be between 0.5 and 86400; got {BreakDurationSeconds}.";
        }
    }
}

/// <summary>One entry of <c>llm.prices</c>, in USD per million tokens.</summary>
public sealed class LlmPrice
{
    [ConfigurationKeyName("prompt_per_million")]
    public decimal PromptPerMillion { get; set; }

    [ConfigurationKeyName("completion_per_million")]
    public decimal CompletionPerMillion { get; set; }
}
