using System.Runtime.CompilerServices;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Services.Llm;

/// <summary>
/// Produces the assistant's answer for one turn as a stream: products first, then text as it is produced, then the
/// finished reply. The local responder is the default and the fallback of hosted ones.
/// </summary>
public interface ISalesResponder
{
    string Name { get; }

    IAsyncEnumerable<ResponderUpdate> StreamAsync(ResponderContext context, CancellationToken cancellationToken);
}

public sealed record ResponderContext(
    CatalogSnapshot Catalog,
    ConversationState State,
    string Message,
    ShopperPersona? Shopper,
    AssistantPersona? Assistant)
{
    public Guid? ConversationId { get; init; }

    /// <summary>
    /// The preprocessing of this turn's message (ChatService): <see cref="Message"/> is its normalised text, and this
    /// holds what the shopper typed and the spellings corrected. Null when the message was not preprocessed.
    /// </summary>
    public Intelligence.PreprocessedQuery? Preprocessed { get; init; }

    /// <summary>
    /// Earlier messages of the conversation, oldest first, with role and content but no metadata (hosted models use
    /// them; the local responder keeps state instead).
    /// </summary>
    public IReadOnlyList<Message> History { get; init; } = [];

    /// <summary>Voice and other short-form channels ask for brief answers.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Model settings of the persona, else the agent, else the tenant; null values fall back to llm.*.</summary>
    public ModelOverrides Overrides { get; init; } = ModelOverrides.None;

    /// <summary>The tenant's settings as loaded for this turn (budget, overrides), so responders need not query them again.</summary>
    public TenantSettings? TenantSettings { get; init; }

    /// <summary>Where this turn's model calls leave their llm_requests rows, saved with the answer; null writes them at once.</summary>
    public Gateway.LlmAccountingBatch? Accounting { get; init; }

    /// <summary>
    /// Set when the message is a knowledge question (warranty, returns, shipping...): the relevant passages retrieved for
    /// it, numbered from 1 in order (none: the assistant says it does not know). Null for every other message.
    /// </summary>
    public Rag.Answers.KnowledgeGrounding? Knowledge { get; init; }

    /// <summary>The message's intent as the sales pipeline classified it; null when no pipeline ran (responders classify then).</summary>
    public string? Intent { get; init; }

    /// <summary>How the answer should sound given the shopper's mood (sales pipeline step 5).</summary>
    public Intelligence.ToneAdjustment Tone { get; init; } = Intelligence.ToneAdjustment.None;

    /// <summary>Instructions for a hosted model from the sales pipeline for this answer (tone, price objection).</summary>
    public IReadOnlyList<string> Guidance { get; init; } = [];

    /// <summary>What the shopper told us in earlier turns and conversations (learned facts, profile form); null when nothing.</summary>
    public Profiles.LearnedProfile? Profile { get; init; }

    /// <summary>The remembered budget, categories and location the pipeline applied to this message (step 3); null when no pipeline ran.</summary>
    public Profiles.RememberedFilters? Remembered { get; init; }

    /// <summary>The rolling summary of the messages older than <see cref="History"/>; null while the history fits the budget.</summary>
    public string? Summary { get; init; }

    /// <summary>
    /// What this message says yes to: the offer the last answer ended with, when the message is a bare yes (the sales
    /// pipeline decides; <see cref="Intelligence.OfferAcceptance"/>). None for every other message, and without a pipeline.
    /// </summary>
    public PendingOffer AcceptedOffer { get; init; }
}

/// <summary>Replays a reply made earlier (an answer from the semantic answer cache) as if it were being produced now.</summary>
public sealed class StoredReplyResponder(ResponderReply reply) : ISalesResponder
{
    public string Name => reply.Responder;

    public IAsyncEnumerable<ResponderUpdate> StreamAsync(ResponderContext context, CancellationToken cancellationToken) =>
        reply.AsUpdates(cancellationToken);
}

public sealed record ModelOverrides(string? Model, double? Temperature, int? MaxTokens)
{
    public static readonly ModelOverrides None = new(null, null, null);

    /// <summary>Field by field: the persona's setting, else the agent's, else the tenant's (else llm.*, in the responder).</summary>
    public static ModelOverrides For(AssistantPersona? persona, Tenancy.AgentSettings? agent, TenantSettings? tenant) => new(
        persona?.Model ?? agent?.Model ?? tenant?.Model,
        persona?.Temperature ?? agent?.Temperature ?? tenant?.Temperature,
        persona?.MaxTokens ?? agent?.MaxTokens ?? tenant?.MaxTokens);
}

public abstract record ResponderUpdate;

/// <summary>The intent, when the responder knows it before answering.</summary>
public sealed record IntentUpdate(string Intent) : ResponderUpdate
{
    /// <summary>What the sales pipeline read from the message before answering (sentiment, frustration, stage); null without it.</summary>
    public Intelligence.TurnSignals? Signals { get; init; }
}

/// <summary>The products the answer is about; sent before any text so cards can render first.</summary>
public sealed record ProductsUpdate(IReadOnlyList<Recommendation> Products) : ResponderUpdate;

/// <summary>The sources the answer draws on (numbered as its [n] markers); sent before any text, empty when there are none.</summary>
public sealed record SourcesUpdate(IReadOnlyList<Citation> Sources) : ResponderUpdate;

/// <summary>A piece of the answer text.</summary>
public sealed record TextDelta(string Text) : ResponderUpdate;

/// <summary>The finished answer; always the last update.</summary>
public sealed record ReplyCompleted(ResponderReply Reply) : ResponderUpdate;

public sealed record ResponderReply(
    string Answer,
    IReadOnlyList<Recommendation> Products,
    string Intent,
    IReadOnlyList<string> SuggestedActions,
    double Confidence,
    ConversationState State)
{
    public string Responder { get; init; } = "local";
    public string? Model { get; init; }
    public bool Degraded { get; init; }
    public LlmUsage? Usage { get; init; }

    /// <summary>The sources the answer cites (validated against what was retrieved); empty when it cites none.</summary>
    public IReadOnlyList<Citation> Sources { get; init; } = [];

    /// <summary>What the sales pipeline added to this turn (sentiment, stage, coaching, escalation, step times); null without it.</summary>
    public Intelligence.PipelineOutcome? Pipeline { get; init; }

    /// <summary>
    /// The yes/no offer this answer ends with, which a bare yes next turn accepts. The sales pipeline stores it in the
    /// state (<see cref="ConversationState.PendingOffer"/>); a reply that does not set it offers nothing.
    /// </summary>
    public PendingOffer Offer { get; init; }
}

/// <summary>Tokens and cost of the upstream calls behind one answer.</summary>
public sealed record LlmUsage(int PromptTokens, int CompletionTokens, decimal Cost, bool Estimated);

public static class SalesResponderExtensions
{
    /// <summary>Runs the stream to the end and returns the finished reply (for the non-streaming API and the CLI).</summary>
    public static async Task<ResponderReply> RespondAsync(this ISalesResponder responder, ResponderContext context,
        CancellationToken cancellationToken)
    {
        await foreach (var update in responder.StreamAsync(context, cancellationToken))
        {
            if (update is ReplyCompleted completed)
            {
                return completed.Reply;
            }
        }
        throw new InvalidOperationException($"Responder '{responder.Name}' ended without a reply.");
    }

    /// <summary>Streams an already complete reply: products, sources, then the text in word-sized pieces, then the reply.</summary>
    public static async IAsyncEnumerable<ResponderUpdate> AsUpdates(this ResponderReply reply,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return new IntentUpdate(reply.Intent);
        yield return new ProductsUpdate(reply.Products);
        yield return new SourcesUpdate(reply.Sources);
        var start = 0;
        for (var i = 1; i <= reply.Answer.Length; i++)
        {
            if (i == reply.Answer.Length || (char.IsWhiteSpace(reply.Answer[i]) && !char.IsWhiteSpace(reply.Answer[i - 1])))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new TextDelta(reply.Answer[start..i]);
                start = i;
            }
        }
        await Task.CompletedTask;
        yield return new ReplyCompleted(reply);
    }
}
