using SalesMate.Config;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>Where and how to reach the hosted embeddings endpoint; resolved once from <see cref="EmbeddingsOptions"/>.</summary>
public sealed record EmbeddingProviderSettings(
    string Provider,
    Uri BaseUrl,
    string? ApiKey,
    string Model,
    int? Dimensions,
    TimeSpan Timeout,
    int MaxRetries)
{
    /// <summary>Base URL: embeddings.base_url, else the provider's default. Key: embeddings.api_key, else llm.api_key.</summary>
    public static EmbeddingProviderSettings From(EmbeddingsOptions options, LlmOptions llm)
    {
        var baseUrl = options.BaseUrl is { Length: > 0 } url
            ? new Uri(url)
            : options.Provider switch
            {
                "openai" => LlmProviderSettings.OpenAIBaseUrl,
                "ollama" => LlmProviderSettings.OllamaBaseUrl,
                _ => throw new InvalidOperationException($"embeddings.base_url is required when embeddings.provider is {options.Provider}."),
            };
        var key = options.ApiKey is { Length: > 0 } own ? own : llm.ApiKey;
        return new EmbeddingProviderSettings(options.Provider, baseUrl, string.IsNullOrWhiteSpace(key) ? null : key.Trim(),
            options.EffectiveModel, options.Dimensions, TimeSpan.FromSeconds(options.TimeoutSeconds), options.MaxRetries);
    }

    public override string ToString() => $"{Provider} at {BaseUrl} (model {Model}, key {(ApiKey is null ? "none" : "set")})";
}
