using System.Text.Json;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>
/// Writes one <c>llm_requests</c> row (purpose <c>embed</c>) per call to a hosted embeddings endpoint: provider, model,
/// input count and size (never the texts: they are the tenant's documents), tokens from the provider's usage, prompt
/// price and cost from <c>llm.prices</c>, latency, attempts, and status <c>ok</c> or <c>error</c>. Sits outside
/// <see cref="ResilientEmbeddingGenerator"/>, so a call's retries share its row. A failed write is logged, never thrown.
/// </summary>
public sealed partial class AccountingEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner,
    IServiceScopeFactory scopes,
    LlmPriceTable prices,
    string? apiKey,
    TimeProvider clock,
    ILogger<AccountingEmbeddingGenerator> logger) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly EmbeddingGeneratorMetadata? _metadata = inner.GetService<EmbeddingGeneratorMetadata>();

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputs = values as IList<string> ?? [.. values];
        var started = clock.GetTimestamp();
        var createdAt = clock.GetUtcNow().UtcDateTime;
        GeneratedEmbeddings<Embedding<float>>? result = null;
        Exception? failure = null;
        try
        {
            result = await base.GenerateAsync(inputs, options, cancellationToken);
            return result;
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            var latency = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
            await WriteAsync(options, inputs, result, failure, createdAt, latency);
        }
    }

    private async Task WriteAsync(EmbeddingGenerationOptions? options, IList<string> inputs, GeneratedEmbeddings<Embedding<float>>? result,
        Exception? failure, DateTime createdAt, int latencyMs)
    {
        if (failure is LlmUnavailableException { Failure.Kind: LlmFailureKind.CircuitOpen })
        {
            return;
        }
        if (options.TenantId() is not { } tenantId)
        {
            LogNoTenant(logger, _metadata?.ProviderName ?? "unknown");
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            db.LlmRequests.Add(Row(tenantId, options, inputs, result, failure, createdAt, latencyMs));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, _metadata?.ProviderName ?? "unknown", exception.GetType().Name);
        }
    }

    private LlmRequest Row(Guid tenantId, EmbeddingGenerationOptions? options, IList<string> inputs, GeneratedEmbeddings<Embedding<float>>? result,
        Exception? failure, DateTime createdAt, int latencyMs)
    {
        var requested = options?.ModelId ?? _metadata?.DefaultModelId ?? "unknown";
        var model = result?.FirstOrDefault()?.ModelId ?? requested;
        var attempts = result?.AdditionalProperties?.TryGetValue(ResilientEmbeddingGenerator.AttemptsKey, out var a) == true ? a : null;
        attempts ??= (failure as LlmUnavailableException)?.Failure.Attempts;
        var row = new LlmRequest
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Purpose = LlmPurposes.Embed,
            Provider = _metadata?.ProviderName ?? "unknown",
            Model = model,
            RequestBody = JsonSerializer.Serialize(new
            {
                model = requested,
                input_count = inputs.Count,
                input_chars = inputs.Sum(i => (long)i.Length),
                dimensions = options?.Dimensions ?? _metadata?.DefaultModelDimensions,
            }),
            ResponseBody = result is null ? null : JsonSerializer.Serialize(new
            {
                model,
                embeddings = result.Count,
                dimensions = result.FirstOrDefault()?.Dimensions,
                usage = result.Usage is { } u ? new { prompt_tokens = u.InputTokenCount, total_tokens = u.TotalTokenCount } : null,
                attempts,
            }),
            LatencyMs = latencyMs,
            Status = failure is null ? "ok" : "error",
            Error = failure is null ? null : LlmRequestBodies.Clean(failure.Message, apiKey, 2000),
            CreatedAt = createdAt,
        };
        if (result?.Usage is { InputTokenCount: { } inputTokens } usage)
        {
            row.PromptTokens = (int)inputTokens;
            row.CompletionTokens = 0;
            row.TotalTokens = (int)(usage.TotalTokenCount ?? inputTokens);
        }
        else if (result is not null)
        {
            // No usage from the server (some OpenAI-compatible ones omit it): estimate at four characters per token.
            row.PromptTokens = (int)Math.Min(int.MaxValue, (inputs.Sum(i => (long)i.Length) + 3) / 4);
            row.CompletionTokens = 0;
            row.TotalTokens = row.PromptTokens;
            row.TokensEstimated = true;
        }
        if (prices.Find(model, requested) is { } price)
        {
            row.UnitCostPrompt = price.PromptPerMillion;
            row.UnitCostCompletion = price.CompletionPerMillion;
            if (row.PromptTokens is { } prompt)
            {
                row.ComputedCost = LlmPriceTable.Cost(price, prompt, 0);
            }
        }
        return row;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embeddings call to {Provider} has no tenant in its options (EmbeddingCallContext.For); not accounted")]
    private static partial void LogNoTenant(ILogger logger, string provider);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write the llm_requests row of an embeddings call to {Provider}: {ErrorType}")]
    private static partial void LogWriteFailed(ILogger logger, string provider, string errorType);
}
