using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// What the per-message pipeline learned from one completed turn. Lead scoring, profile learning and summaries read
/// it; none of them re-parse the answer.
/// </summary>
public sealed record TurnInsights
{
    public required Guid ConversationId { get; init; }
    public required Guid SessionId { get; init; }
    public Guid? UserId { get; init; }
    public required string Agent { get; init; }
    public required Guid UserMessageId { get; init; }
    public required Guid AssistantMessageId { get; init; }
    public required string UserText { get; init; }
    public required string Intent { get; init; }
    public double Confidence { get; init; }
    public string Sentiment { get; init; } = "neutral";

    /// <summary>0 (calm) to 10.</summary>
    public int Frustration { get; init; }

    /// <summary>awareness, consideration or decision.</summary>
    public string Stage { get; init; } = "awareness";

    /// <summary>0 to 10.</summary>
    public double Engagement { get; init; }
    public bool EscalationOffered { get; init; }

    /// <summary>Products shown in this answer, in order.</summary>
    public IReadOnlyList<Guid> ShownProductIds { get; init; } = [];

    /// <summary>The conversation state after the turn.</summary>
    public required ConversationState State { get; init; }
    public required DateTime At { get; init; }

    /// <summary>The catalog and tenant settings the turn was answered with, so observers need not read them again.</summary>
    public Vector.CatalogSnapshot? Catalog { get; init; }
    public TenantSettings? TenantSettings { get; init; }

    /// <summary>The session's anonymous lead as read before the answer (PostgreSQL's session lookup), so scoring need not read it again.</summary>
    public Conversations.SessionLead? SessionLead { get; init; }
}

/// <summary>
/// Runs after every completed turn inside the turn's unit of work: add or change rows on <paramref name="db"/> and
/// do not save; the chat saves the answer and every observer's rows in one transaction.
/// </summary>
public interface ITurnObserver
{
    Task OnTurnCompletedAsync(TurnInsights turn, SalesMateDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// The unit of work failed to save because a row changed since it was read (another turn of the same shopper saved
    /// first): redo the rows of the last <see cref="OnTurnCompletedAsync"/> that depend on such a row, on what is stored
    /// now, before the save is tried again.
    /// </summary>
    Task RedoAfterConflictAsync(SalesMateDbContext db, CancellationToken cancellationToken);
}
