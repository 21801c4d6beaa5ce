using Microsoft.Extensions.AI;
using Polly;
using Polly.Retry;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>
/// Retries embedding calls that failed for a transient reason (429, 5xx, 408, network), with exponential backoff and
/// jitter on the app's <see cref="TimeProvider"/>, honouring Retry-After. Other failures and exhausted retries become
/// <see cref="LlmUnavailableException"/>, the same failure type the chat gateway throws.
/// </summary>
public sealed partial class ResilientEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    internal const string AttemptsKey = "salesmate.attempts";
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _clock;
    private readonly string _provider;
    private readonly ILogger _logger;

    public ResilientEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, int maxRetries, TimeProvider clock, ILogger logger)
        : base(inner)
    {
        _clock = clock;
        _logger = logger;
        _provider = inner.GetService<EmbeddingGeneratorMetadata>()?.ProviderName ?? "unknown";
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e
                    && !args.Context.CancellationToken.IsCancellationRequested && LlmFaults.Classify(e, 0, _clock).IsRetryable),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e && LlmFaults.Classify(e, 0, _clock).RetryAfter is { } wait
                    ? (TimeSpan?)(wait < MaxDelay ? wait : MaxDelay)
                    : null),
                OnRetry = args =>
                {
                    LogRetry(_logger, _provider, args.Outcome.Exception is { } e ? LlmFaults.Classify(e, 0, _clock).Describe() : "?",
                        args.AttemptNumber + 1, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        _retry = builder.Build();
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IList<string> ?? [.. values];
        var attempts = 0;
        try
        {
            var result = await _retry.ExecuteAsync(async token =>
            {
                attempts++;
                return await base.GenerateAsync(inputs, options, token);
            }, cancellationToken);
            result.AdditionalProperties ??= [];
            result.AdditionalProperties[AttemptsKey] = attempts;
            return result;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not LlmUnavailableException)
        {
            var failure = LlmFaults.Classify(exception, attempts, _clock);
            throw new LlmUnavailableException(_provider,
                $"Embeddings provider '{_provider}' {(failure.IsTransient ? "is unavailable" : "refused the request")}: " +
                $"{failure.Describe()} after {attempts} attempt(s).", exception, failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embeddings provider {Provider} call failed ({Reason}); retry {Retry} in {DelaySeconds} s")]
    private static partial void LogRetry(ILogger logger, string provider, string reason, int retry, double delaySeconds);
}
