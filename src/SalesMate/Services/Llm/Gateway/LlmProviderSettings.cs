using SalesMate.Config;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>Where and how to reach the configured provider; resolved once from <see cref="LlmOptions"/>.</summary>
public sealed record LlmProviderSettings(
    string Provider,
    Uri BaseUrl,
    string? ApiKey,
    string DefaultModel,
    TimeSpan ConnectTimeout,
    TimeSpan NetworkTimeout,
    float DefaultTemperature = 0.3f,
    int DefaultMaxTokens = 1024,
    string HttpVersion = "auto")
{
    public static readonly Uri OpenAIBaseUrl = new("https://api.openai.com/v1");
    public static readonly Uri OpenRouterBaseUrl = new("https://openrouter.ai/api/v1");
    public static readonly Uri OllamaBaseUrl = new("http://localhost:11434/v1");

    /// <summary>
    /// Base URL: <c>llm.base_url</c> when set (any provider), else the provider's default; <c>openai-compatible</c> has
    /// no default. Key: <c>llm.api_key</c> (the configuration layer maps OPENAI_API_KEY / OPENROUTER_API_KEY onto it).
    /// </summary>
    public static LlmProviderSettings From(LlmOptions options)
    {
        if (!options.IsHosted)
        {
            throw new InvalidOperationException("llm.provider is local: there is no hosted provider to call.");
        }
        var baseUrl = options.BaseUrl is { Length: > 0 } url
            ? new Uri(url)
            : options.Provider switch
            {
                "openai" => OpenAIBaseUrl,
                "openrouter" => OpenRouterBaseUrl,
                "ollama" => OllamaBaseUrl,
                _ => throw new InvalidOperationException($"llm.base_url is required when llm.provider is {options.Provider}."),
            };
        return new LlmProviderSettings(
            options.Provider,
            baseUrl,
            string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey.Trim(),
            options.Model,
            TimeSpan.FromSeconds(options.ConnectTimeoutSeconds),
            // No SDK network timeout: it was only a backstop of the same length as the gateway's total timer, which
            // ResilientChatClient starts earlier, and it cost every open stream a timer and a wrapper stream per read.
            // The gateway's first-token, idle and total timers are the limits.
            Timeout.InfiniteTimeSpan,
            (float)options.Temperature,
            options.MaxTokens,
            options.HttpVersion);
    }

    public override string ToString() => $"{Provider} at {BaseUrl} (model {DefaultModel}, key {(ApiKey is null ? "none" : "set")})";
}
