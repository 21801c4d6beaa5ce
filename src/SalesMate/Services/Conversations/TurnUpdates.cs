using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Products;

namespace SalesMate.Services.Conversations;

/// <summary>A turn accepted and its user message stored; generation can run here or in the background.</summary>
public sealed record PreparedTurn(Guid ConversationId, Guid SessionId, Guid UserMessageId, Guid AssistantMessageId, string Message)
{
    /// <summary>The shopper's message's position in the conversation as staged.</summary>
    public int UserMessageSequence { get; init; }

    /// <summary>When the shopper's message was staged (its <c>created_at</c>).</summary>
    public DateTime UserMessageCreatedAt { get; init; }

    /// <summary>
    /// A detached copy of the conversation as staged, so a generation in another scope (a background stream) starts
    /// from it instead of reading the conversation again. Never attached where it was staged.
    /// </summary>
    public Conversation? Conversation { get; init; }

    /// <summary>
    /// The conversation's newest messages (at most <see cref="SessionManager.MessagesReadWithConversation"/>, newest first,
    /// without metadata) as the request's session lookup read them before the turn was staged; null when it did not.
    /// </summary>
    public IReadOnlyList<Message>? NewestMessages { get; init; }

    /// <summary>The tenant's row as the request's session lookup read it (<see cref="SessionManager.TenantRowRead"/>); null when it did not.</summary>
    public Vector.TenantTurnRow? Tenant { get; init; }

    /// <summary>
    /// Whether the session had a proven email when the turn was staged. Without one, an anonymous shopper's profile is
    /// the session's own facts (<see cref="Profiles.ProfileFactStore.OfShopper"/>), which one index lookup reads.
    /// </summary>
    public bool SessionHasEmail { get; init; } = true;

    /// <summary>
    /// The session's own anonymous facts as the request's session lookup read them (<see cref="SessionManager.SessionFactsRead"/>,
    /// PostgreSQL); null when it did not.
    /// </summary>
    public IReadOnlyList<ProfileFact>? SessionFacts { get; init; }

    /// <summary>The session's anonymous lead as the request's session lookup read it (<see cref="SessionManager.SessionLeadRead"/>, PostgreSQL); null when it did not.</summary>
    public SessionLead? SessionLead { get; init; }
}

/// <summary>
/// A session's anonymous lead as read, detached; <paramref name="Lead"/> null when the session had none. The turn that
/// scores it writes over the version read (<see cref="Lead.Version"/>), so a lead changed since is read again then.
/// </summary>
public sealed record SessionLead(Lead? Lead);

public abstract record TurnUpdate;

/// <summary>Ids of both sides of the turn and the intent (SSE <c>meta</c>); always the first update.</summary>
public sealed record TurnMeta(Guid UserMessageId, Guid AssistantMessageId, string? Intent) : TurnUpdate
{
    /// <summary>Sentiment, frustration, stage and escalation as the sales pipeline read them before answering.</summary>
    public Intelligence.TurnSignals? Signals { get; init; }
}

public sealed record TurnProducts(IReadOnlyList<Recommendation> Products) : TurnUpdate;

/// <summary>The sources of the answer (SSE <c>sources</c>), before its text.</summary>
public sealed record TurnSources(IReadOnlyList<Citation> Sources) : TurnUpdate;

public sealed record TurnText(string Text) : TurnUpdate;

public sealed record TurnCompleted(Message AssistantMessage, ResponderReply Reply, double ResponseTimeMs, double? TimeToFirstTokenMs) : TurnUpdate;

/// <summary>The turn ended early: <c>stopped</c> by the user or <c>incomplete</c> after a failure; whatever was produced is stored.</summary>
public sealed record TurnFailed(Message? PartialMessage, string Code, string Detail, bool Retryable) : TurnUpdate;

/// <summary>Why a turn's cancellation token fired: the user's stop, or the server shutting down mid-answer.</summary>
public sealed record StopReason(string Code, string Detail, bool Retryable)
{
    public static readonly StopReason UserStop = new("stopped", "The answer was stopped.", false);

    public static readonly StopReason Shutdown =
        new("incomplete", "The server restarted before the answer was finished; your message is saved, so you can retry.", true);
}
