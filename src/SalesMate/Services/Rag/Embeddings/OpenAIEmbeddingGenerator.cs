using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;
using AIEmbeddingOptions = Microsoft.Extensions.AI.EmbeddingGenerationOptions;
using OpenAIEmbeddingOptions = OpenAI.Embeddings.EmbeddingGenerationOptions;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> over the official OpenAI SDK's <see cref="EmbeddingClient"/>
/// (<c>POST {base_url}/embeddings</c>), for OpenAI and every server speaking its wire format (Ollama, vLLM, LM Studio,
/// OpenRouter...). A plain adapter like Services/Llm/Gateway/OpenAIChatClient.cs: the SDK's retries are off
/// (<see cref="ResilientEmbeddingGenerator"/> retries), no accounting (<see cref="AccountingEmbeddingGenerator"/>).
/// </summary>
public sealed class OpenAIEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingProviderSettings _settings;
    private readonly HttpClient _http;
    private readonly EmbeddingClient _client;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OpenAIEmbeddingGenerator(EmbeddingProviderSettings settings)
    {
        _settings = settings;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.BaseUrl,
            NetworkTimeout = settings.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http),
            UserAgentApplicationId = "salesmate",
        };
        // Keyless servers (Ollama, local vLLM) ignore the bearer header, but the SDK requires a credential.
        _client = new OpenAIClient(new ApiKeyCredential(settings.ApiKey ?? "no-key"), options).GetEmbeddingClient(settings.Model);
        _metadata = new EmbeddingGeneratorMetadata(settings.Provider, settings.BaseUrl, settings.Model, settings.Dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        AIEmbeddingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IList<string> ?? [.. values];
        var request = new OpenAIEmbeddingOptions { Dimensions = options?.Dimensions ?? _settings.Dimensions };
        var result = await _client.GenerateEmbeddingsAsync(inputs, request, cancellationToken);
        var collection = result.Value;
        if (collection.Count != inputs.Count)
        {
            throw new FormatException($"The embeddings endpoint returned {collection.Count} embeddings for {inputs.Count} inputs.");
        }
        var created = DateTimeOffset.UtcNow;
        // The wire format carries an index per embedding; order by it rather than trusting the array order.
        var embeddings = collection.OrderBy(e => e.Index)
            .Select(e => new Embedding<float>(e.ToFloats()) { ModelId = collection.Model ?? _settings.Model, CreatedAt = created });
        var generated = new GeneratedEmbeddings<Embedding<float>>(embeddings);
        if (collection.Usage is { } usage)
        {
            generated.Usage = new UsageDetails { InputTokenCount = usage.InputTokenCount, TotalTokenCount = usage.TotalTokenCount };
        }
        return generated;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType == typeof(EmbeddingProviderSettings) ? _settings
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => _http.Dispose();
}
