using System.Numerics.Tensors;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.Answers;

/// <summary>Where a knowledge question was looked up: the cache key, the question's vector and what was found.</summary>
public sealed record AnswerCacheProbe(string Namespace, string Agent, long KnowledgeVersion, string Question, float[] Vector,
    string EmbeddingModel, AnswerCacheEntry? Hit);

/// <summary>
/// The semantic answer cache (seed 004): a knowledge question whose embedding is within <c>rag.answer_cache.similarity</c>
/// (cosine) of one answered before, in the same tenant, namespace and agent, for the same knowledge version and
/// embedding model and before the entry expires, gets that answer and its sources again without retrieval or a model
/// call. Any knowledge change bumps the tenant's version, which retires every entry at once. Only answers that cite
/// sources are stored.
/// </summary>
public sealed class AnswerCache(IOptions<KnowledgeAnswerOptions> options, TimeProvider clock)
{
    /// <summary>Entries compared per lookup (newest first): a namespace's live entries are few; this bounds a flood.</summary>
    private const int MaxCandidates = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private AnswerCacheSettings Settings => options.Value.AnswerCache;

    public bool Enabled => Settings.Enabled;

    public async Task<AnswerCacheProbe> LookUpAsync(SalesMateDbContext db, string @namespace, string agent, string question, float[] vector,
        string embeddingModel, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var version = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.KnowledgeVersion).FirstAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.AnswerCache
            .Where(e => e.Namespace == @namespace && e.Agent == agent && e.KnowledgeVersion == version && e.EmbeddingModel == embeddingModel
                        && e.ExpiresAt > now)
            .OrderByDescending(e => e.CreatedAt)
            .Take(MaxCandidates)
            .ToListAsync(cancellationToken);
        AnswerCacheEntry? best = null;
        var bestSimilarity = Settings.Similarity;
        foreach (var entry in candidates)
        {
            var stored = VectorBytes.ToFloats(entry.QuestionEmbedding);
            if (stored.Length != vector.Length)
            {
                continue;
            }
            // Both vectors are unit length, so the dot product is the cosine similarity.
            var similarity = TensorPrimitives.Dot<float>(stored, vector);
            if (similarity >= bestSimilarity)
            {
                (best, bestSimilarity) = (entry, similarity);
            }
        }
        if (best is not null)
        {
            best.HitCount++; // tracked: saved with the answer
        }
        return new AnswerCacheProbe(@namespace, agent, version, question, vector, embeddingModel, best);
    }

    /// <summary>Adds the answer for later questions (saved with the turn) and drops this namespace's stale entries.</summary>
    public async Task StoreAsync(SalesMateDbContext db, AnswerCacheProbe probe, string answer, IReadOnlyList<Citation> sources,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.AnswerCache
            .Where(e => e.Namespace == probe.Namespace && (e.ExpiresAt <= now || e.KnowledgeVersion != probe.KnowledgeVersion))
            .ExecuteDeleteAsync(cancellationToken);
        db.AnswerCache.Add(new AnswerCacheEntry
        {
            Id = Guid.CreateVersion7(),
            Namespace = probe.Namespace,
            Agent = probe.Agent,
            Question = probe.Question.Length > 2000 ? probe.Question[..2000] : probe.Question,
            QuestionEmbedding = VectorBytes.ToBytes(probe.Vector),
            EmbeddingModel = probe.EmbeddingModel,
            Answer = answer,
            SourcesJson = JsonSerializer.Serialize(sources, Json),
            KnowledgeVersion = probe.KnowledgeVersion,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(Settings.TtlMinutes),
        });
    }

    public static IReadOnlyList<Citation> SourcesOf(AnswerCacheEntry entry) =>
        JsonSerializer.Deserialize<List<Citation>>(entry.SourcesJson, Json) ?? [];
}
