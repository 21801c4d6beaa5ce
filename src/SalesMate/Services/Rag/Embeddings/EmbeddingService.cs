using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.Embeddings;

/// <summary>
/// The one way the app turns text into vectors: batches of <c>embeddings.batch_size</c>, unit length, and for a hosted
/// provider through <c>embedding_cache</c> keyed by (tenant, model, SHA-256 of the text), so re-ingesting a document or
/// asking the same question again costs no call. The local generator is not cached: computing its vector is cheaper
/// than looking one up.
/// </summary>
public sealed partial class EmbeddingService(
    IEmbeddingGenerator<string, Embedding<float>> generator,
    IServiceScopeFactory scopes,
    int batchSize,
    TimeProvider clock,
    ILogger<EmbeddingService> logger)
{
    private readonly EmbeddingGeneratorMetadata? _metadata = generator.GetService<EmbeddingGeneratorMetadata>();

    /// <summary>What is stored in <c>embedding_model</c> and the cache: the model id, with the asked dimensions when set.</summary>
    public string ModelKey { get; } = ModelKeyOf(generator);

    public bool IsLocal => generator is LocalHashingEmbeddingGenerator;

    public string Provider => _metadata?.ProviderName ?? "unknown";

    public int BatchSize => batchSize;

    public async Task<float[]> EmbedAsync(SalesMateDbContext db, string text, CancellationToken cancellationToken) =>
        (await EmbedAsync(db, [text], null, cancellationToken))[0];

    /// <summary>One unit vector per text, in order. <paramref name="embedded"/> gets the running count of texts done.</summary>
    public async Task<float[][]> EmbedAsync(SalesMateDbContext db, IReadOnlyList<string> texts, IProgress<int>? embedded,
        CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        if (generator is LocalHashingEmbeddingGenerator local)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                vectors[i] = local.Embed(texts[i]);
                if ((i + 1) % batchSize == 0)
                {
                    embedded?.Report(i + 1);
                }
            }
            embedded?.Report(texts.Count);
            return vectors;
        }

        var tenantId = db.CurrentTenantId;
        var hashes = texts.Select(Hash).ToArray();
        var (hits, misses) = (0, 0);
        for (var start = 0; start < texts.Count; start += batchSize)
        {
            var count = Math.Min(batchSize, texts.Count - start);
            var batchHashes = hashes.Skip(start).Take(count).Distinct().ToList();
            var cached = await db.EmbeddingCache.AsNoTracking()
                .Where(c => c.Model == ModelKey && batchHashes.Contains(c.TextHash))
                .Select(c => new { c.TextHash, c.Vector })
                .ToDictionaryAsync(c => c.TextHash, c => VectorBytes.ToFloats(c.Vector), cancellationToken);
            var missing = Enumerable.Range(start, count).Where(i => !cached.ContainsKey(hashes[i]))
                .DistinctBy(i => hashes[i]).ToList();
            if (missing.Count > 0)
            {
                var options = new EmbeddingGenerationOptions().For(tenantId);
                var generated = await generator.GenerateAsync(missing.Select(i => texts[i]), options, cancellationToken);
                var fresh = new List<EmbeddingCacheEntry>(missing.Count);
                for (var j = 0; j < missing.Count; j++)
                {
                    var vector = VectorBytes.Normalize(generated[j].Vector.ToArray());
                    cached[hashes[missing[j]]] = vector;
                    fresh.Add(new EmbeddingCacheEntry
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = tenantId,
                        Model = ModelKey,
                        TextHash = hashes[missing[j]],
                        Vector = VectorBytes.ToBytes(vector),
                        CreatedAt = clock.GetUtcNow().UtcDateTime,
                    });
                }
                await StoreAsync(tenantId, fresh, cancellationToken);
            }
            LogBatch(logger, count, count - missing.Count, ModelKey);
            hits += count - missing.Count;
            misses += missing.Count;
            for (var i = start; i < start + count; i++)
            {
                vectors[i] = cached[hashes[i]];
            }
            embedded?.Report(start + count);
        }
        await RecordLookupAsync(tenantId, hits, misses, cancellationToken);
        return vectors;
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    internal static string ModelKeyOf(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        if (generator.GetService<LocalHashingEmbeddingGenerator>() is { } local)
        {
            return local.ModelId;
        }
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var model = metadata?.DefaultModelId ?? "unknown";
        return metadata?.DefaultModelDimensions is { } dimensions ? $"{model}@{dimensions}" : model;
    }

    /// <summary>
    /// Saved in a scope of its own, so a cache row another instance inserted first (unique key) only loses this
    /// instance's copy and never the caller's pending changes.
    /// </summary>
    private async Task StoreAsync(Guid tenantId, List<EmbeddingCacheEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            db.EmbeddingCache.AddRange(entries);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            LogCacheWriteFailed(logger, entries.Count, exception.GetType().Name);
        }
    }

    /// <summary>Counts the call's cache hits and misses for the usage API's hit rate; a failure to count never fails the call.</summary>
    private async Task RecordLookupAsync(Guid tenantId, int hits, int misses, CancellationToken cancellationToken)
    {
        if (hits + misses == 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            db.CacheLookups.Add(new CacheLookup
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Cache = CacheLookup.EmbeddingCache,
                Hits = hits,
                Misses = misses,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            LogLookupNotCounted(logger, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An embedding cache lookup was not counted: {ErrorType}")]
    private static partial void LogLookupNotCounted(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Embedded {Count} texts ({CacheHits} from the cache) with {Model}")]
    private static partial void LogBatch(ILogger logger, int count, int cacheHits, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not cache {Count} embeddings (another instance may have stored them first): {ErrorType}")]
    private static partial void LogCacheWriteFailed(ILogger logger, int count, string errorType);
}
