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
/// After the answer, <see cref="RecordAsync"/> counts the cache lookup and caches a fresh answer that cites sources
/// (unless the question carries contact details: the cache is shared by the tenant's visitors).
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
            return KnowledgeQuestionDetector.MayBeKnowledgeQuestion(context.Message, parsed)
                ? await PossiblePlanAsync(db, context, @namespace, cancellationToken)
                : KnowledgePlan.None;
        }
        // A competitor's price is answered with the price-match policy: retrieved by its name, and not cached under the
        // shopper's words (its answer opens differently from the answer to "do you price match?").
        var claim = CompetitorPriceClaim.IsClaim(context.Message);
        var question = claim ? CompetitorPriceClaim.PolicyQuestion : context.Message;
        var probe = cache.Enabled && !claim ? await LookUpAsync(db, agent, @namespace, context.Message, cancellationToken) : null;
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
        var relevant = await RelevantPassagesAsync(db, question, @namespace, cancellationToken);
        var grounding = new KnowledgeGrounding(relevant.Select(r => r.Passage).ToList(), context.TenantSettings?.SalesRecipientEmail)
        {
            Relevance = relevant.Select(r => r.Relevance).ToList(),
            CompetitorPrice = claim,
        };
        return new KnowledgePlan(grounding, null, probe);
    }

    /// <summary>
    /// A question that may be about the documents: answered from the passages that cover it, or left to the product
    /// conversation when none does (never "I don't know" for what may be a product question). The answer cache is not
    /// used: it holds answers to questions known to be about the documents.
    /// </summary>
    private async Task<KnowledgePlan> PossiblePlanAsync(SalesMateDbContext db, ResponderContext context, string @namespace,
        CancellationToken cancellationToken)
    {
        var relevant = await RelevantPassagesAsync(db, context.Message, @namespace, cancellationToken);
        return relevant.Count == 0
            ? KnowledgePlan.None
            : new KnowledgePlan(new KnowledgeGrounding(relevant.Select(r => r.Passage).ToList(), context.TenantSettings?.SalesRecipientEmail)
            {
                Relevance = relevant.Select(r => r.Relevance).ToList(),
            }, null, null);
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
        if (!hit && reply.Sources.Count > 0 && !NamesAPerson(probe.Question))
        {
            await cache.StoreAsync(db, probe, reply.Answer, reply.Sources, cancellationToken);
        }
    }

    /// <summary>A question with an e-mail address or phone number is a person's: it is answered, never kept in the shared cache.</summary>
    private static bool NamesAPerson(string question) =>
        Llm.Classification.ContactPatterns.Find(question, "USD") is { } contact && (contact.Email is not null || contact.Phone is not null);

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
        var passages = await retriever.RetrieveAsync(db, new KnowledgeQuery(question, @namespace) { TopK = Math.Max(10, settings.MaxSources * 2) },
            cancellationToken);
        return PassageRelevance.Select(question, passages, settings.MinRelevance, settings.MaxSources).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer cache skipped for namespace {Namespace}: the embeddings provider failed ({Reason})")]
    private static partial void LogCacheSkipped(ILogger logger, string @namespace, string reason);
}
