using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// Section <c>embeddings</c>: how passages, products and questions become vectors. <c>local</c> (the default) needs no
/// network: hashed lexical features (see Services/Rag/Embeddings/LocalHashingEmbeddingGenerator.cs); the others call an
/// OpenAI-compatible <c>/v1/embeddings</c> endpoint.
/// </summary>
public sealed class EmbeddingsOptions
{
    public const string Section = "embeddings";
    public static readonly string[] Providers = ["local", "openai", "ollama", "openai-compatible"];
    public const string LocalModel = "salesmate-hash-v1";

    public string Provider { get; set; } = "local";

    /// <summary>Model id of a hosted provider; empty picks its default (text-embedding-3-small, or nomic-embed-text for ollama).</summary>
    public string? Model { get; set; }

    [ConfigurationKeyName("base_url")]
    public string? BaseUrl { get; set; }

    /// <summary>Key for the embeddings endpoint; empty falls back to llm.api_key (and so to OPENAI_API_KEY).</summary>
    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    /// <summary>Vector size: the local generator's size (default 384), or the <c>dimensions</c> asked of models that can shorten (text-embedding-3-*).</summary>
    public int? Dimensions { get; set; }

    /// <summary>Texts per request to the provider (and per embedding cache lookup).</summary>
    [ConfigurationKeyName("batch_size")]
    public int BatchSize { get; set; } = 64;

    [ConfigurationKeyName("timeout_seconds")]
    public double TimeoutSeconds { get; set; } = 60;

    [ConfigurationKeyName("max_retries")]
    public int MaxRetries { get; set; } = 2;

    public bool IsHosted => Provider != "local";

    /// <summary>The model that is called; the local generator has one model and ignores embeddings.model.</summary>
    public string EffectiveModel => Provider switch
    {
        "local" => LocalModel,
        _ when Model is { Length: > 0 } model => model,
        "ollama" => "nomic-embed-text",
        _ => "text-embedding-3-small",
    };

    internal IEnumerable<string> Validate()
    {
        if (!Providers.Contains(Provider))
        {
            yield return OptionErrors.NotOneOf("embeddings.provider", Provider, Providers);
        }
        if (Provider == "openai-compatible" && string.IsNullOrWhiteSpace(BaseUrl))
        {
            yield return "embeddings.base_url is required when embeddings.provider is openai-compatible (e.g. http://localhost:8000/v1).";
        }
        if (Provider == "openai-compatible" && string.IsNullOrWhiteSpace(Model))
        {
            yield return "embeddings.model is required when embeddings.provider is openai-compatible.";
        }
        if (BaseUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return $"embeddings.base_url must be an absolute http(s) URL; got '{url}'.";
        }
        if (Dimensions is < 8 or > 8192)
        {
            yield return $"embeddings.dimensions must be between 8 and 8192; got {Dimensions}.";
        }
        if (BatchSize is < 1 or > 2048)
        {
            yield return $"embeddings.batch_size must be between 1 and 2048; got {BatchSize}.";
        }
        if (double.IsNaN(TimeoutSeconds) || TimeoutSeconds is < 0.1 or > 3600)
        {
            yield return $"embeddings.timeout_seconds must be between 0.1 and 3600; got {TimeoutSeconds}.";
        }
        if (MaxRetries is < 0 or > 10)
        {
            yield return $"embeddings.max_retries must be between 0 and 10; got {MaxRetries}.";
        }
    }
}
