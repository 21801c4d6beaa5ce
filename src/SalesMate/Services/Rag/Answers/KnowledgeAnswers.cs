using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Embeddings;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// How one turn uses the knowledge base: not at all (not a knowledge question), a cached answer, or passages to answer
/// from (<see cref="Grounding"/>, possibly none). <see cref="Probe"/> is the answer-cache lookup, kept to record it.
/// </summary>
public sealed record KnowledgePlan(KnowledgeGrounding? Grounding, ResponderReply? CachedReply, AnswerCacheProbe? Probe)
{
    public static readonly KnowledgePlan None = new(null, null, null);
}

/// <summary>
/// The chat's knowledge step. For a knowledge question (<see cref="KnowledgeQuestionDetector"/>) it first asks the
/// answer cache, then retrieves from the agent's namespace and keeps the passages that cover the question
/// (<see cref="PassageRelevance"/> at least <c>rag.answers.min_relevance</c>, at most <c>rag.answers.max_sources</c>).
/// After the answer, <see cref="RecordAsync"/> counts the cache lookup and caches a fresh answer that cites sources.
/// </summary>
public sealed partial class KnowledgeAnswers(
    KnowledgeRetriever retriever,
    EmbeddingService embeddings,
    AnswerCache cache,
    IOptions<KnowledgeAnswerOptions> options,
    TimeProvider clock,
    ILogger<KnowledgeAnswers> logger)
{
    public const string CacheResponder = "answer_cache";

    public async Task<KnowledgePlan> PlanAsync(SalesMateDbContext db, ResponderContext context, string agent, string @namespace,
        CancellationToken cancellationToken)
    {
        var parsed = context.Catalog.Parser.Parse(context.Message);
        if (!KnowledgeQuestionDetector.IsKnowledgeQuestion(context.Message, parsed))
        {
            return KnowledgePlan.None;
        }
        var probe = cache.Enabled ? await LookUpAsync(db, agent, @namespace, context.Message, cancellationToken) : null;
        if (probe?.Hit is { } hit)
        {
            var reply = new ResponderReply(hit.Answer, [], KnowledgeQuestionDetector.Intent, [], 0.8,
                context.State with { LastIntent = KnowledgeQuestionDetector.Intent })
            {
                Responder = CacheResponder,
                Sources = AnswerCache.SourcesOf(hit),
            };
            return new KnowledgePlan(null, reply, probe);
        }
        var relevant = await RelevantPassagesAsync(db, context.Message, @namespace, cancellationToken);
        var grounding = new KnowledgeGrounding(relevant.Select(r => r.Passage).ToList(), context.TenantSettings?.SalesRecipientEmail)
        {
            Relevance = relevant.Select(r => r.Relevance).ToList(),
        };
        return new KnowledgePlan(grounding, null, probe);
    }

    /// <summary>Adds the turn's cache rows to <paramref name="db"/> (saved with the answer): the lookup, and a new entry for a cited answer.</summary>
    public async Task RecordAsync(SalesMateDbContext db, KnowledgePlan plan, ResponderReply reply, CancellationToken cancellationToken)
    {
        if (plan.Probe is not { } probe)
        {
            return;
        }
        var hit = probe.Hit is not null;
        db.CacheLookups.Add(new CacheLookup
        {
            Id = Guid.CreateVersion7(),
            Cache = CacheLookup.AnswerCache,
            Hits = hit ? 1 : 0,
            Misses = hit ? 0 : 1,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        if (!hit && reply.Sources.Count > 0)
        {
            await cache.StoreAsync(db, probe, reply.Answer, reply.Sources, cancellationToken);
        }
    }

    private async Task<AnswerCacheProbe?> LookUpAsync(SalesMateDbContext db, string agent, string @namespace, string question,
        CancellationToken cancellationToken)
    {
        try
        {
            var vector = await embeddings.EmbedAsync(db, question, cancellationToken);
            return await cache.LookUpAsync(db, @namespace, agent, question, vector, embeddings.ModelKey, cancellationToken);
        }
        catch (LlmUnavailableException exception)
        {
            LogCacheSkipped(logger, @namespace, exception.Message);
            return null;
        }
    }

    private async Task<List<(RetrievedPassage Passage, double Relevance)>> RelevantPassagesAsync(SalesMateDbContext db, string question,
        string @namespace, CancellationToken cancellationToken)
    {
        var settings = options.Value.Answers;
        var passages = await retriever.RetrieveAsync(db, new KnowledgeQuery(question, @namespace) { TopK = Math.Max(5, settings.MaxSources * 2) },
            cancellationToken);
        var words = PassageRelevance.ContentWords(question);
        // Sorting is stable: equally relevant passages with equally telling headings keep their retrieval order.
        return passages
            .Select(p => (Passage: p, Relevance: PassageRelevance.Of(words, p), Heading: PassageRelevance.InHeading(words, p)))
            .Where(p => p.Relevance >= settings.MinRelevance)
            .OrderByDescending(p => p.Relevance)
            .ThenByDescending(p => p.Heading)
            .Take(settings.MaxSources)
            .Select(p => (p.Passage, p.Relevance))
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer cache skipped for namespace {Namespace}: the embeddings provider failed ({Reason})")]
    private static partial void LogCacheSkipped(ILogger logger, string @namespace, string reason);
}
