using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm.Responders;
using SalesMate.Vector;

namespace SalesMate.Services.Summaries;

/// <summary>The newest rolling summary of a conversation: its text and the last message sequence it covers.</summary>
public sealed record RollingSummary(string Text, int ThroughSequence);

/// <summary>
/// Keeps the prompt within <c>summaries.history_token_budget</c>: when the messages after the latest rolling summary
/// exceed it, all but the newest <c>summaries.keep_recent_messages</c> are folded into a new rolling summary (model
/// prose, or extractive from the tracked state). The prompt then carries summary + recent messages.
/// </summary>
public sealed class RollingSummaries(SalesMateDbContext db, SummaryWriter writer, IOptions<SummaryOptions> options, TimeProvider clock)
{
    // A turn reads the latest summary for its prompt and again after the answer; one read per scope serves both.
    private (Guid ConversationId, RollingSummary? Summary)? _latest;

    // Every message after the summary (the turn's question included), when the turn loader read them all anyway.
    private (Guid ConversationId, int Through, IReadOnlyList<PendingMessage> Messages)? _unsummarized;

    /// <summary>What this scope read about summaries, for the later scope of the same turn (a background stream stores on a fresh one).</summary>
    public RollingSummaryReads Reads => new(_latest, _unsummarized);

    /// <summary>Takes over what an earlier scope of the same turn read, so the budget check after the answer reads nothing again.</summary>
    public void Know(RollingSummaryReads reads)
    {
        _latest ??= reads.Latest;
        _unsummarized ??= reads.Unsummarized;
    }

    /// <summary>Tells the budget check of this scope every message after <paramref name="through"/>, so it need not read them.</summary>
    public void KnowUnsummarized(Guid conversationId, int through, IReadOnlyList<PendingMessage> messages) =>
        _unsummarized = (conversationId, through, messages);

    /// <summary>
    /// The latest rolling summary of a conversation just read: none without a query when its row says there is none
    /// (<see cref="Conversation.RollingSummaryThrough"/>).
    /// </summary>
    public Task<RollingSummary?> LatestAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        if (conversation.RollingSummaryThrough == 0 && _latest?.ConversationId != conversation.Id)
        {
            _latest = (conversation.Id, null);
        }
        return LatestAsync(conversation.Id, cancellationToken);
    }

    public async Task<RollingSummary?> LatestAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        if (_latest is { } known && known.ConversationId == conversationId)
        {
            return known.Summary;
        }
        var latest = await db.ConversationSummaries.AsNoTracking()
            .Where(s => s.ConversationId == conversationId && s.Kind == ConversationSummaryKinds.Rolling)
            .OrderByDescending(s => s.MessagesIncluded)
            .Select(s => new RollingSummary(s.Summary, s.MessagesIncluded))
            .FirstOrDefaultAsync(cancellationToken);
        _latest = (conversationId, latest);
        return latest;
    }

    /// <summary>Adds a new rolling summary to the unit of work when the unsummarised history is over budget; returns it, else null.</summary>
    public async Task<ConversationSummary?> FoldIfOverBudgetAsync(Guid conversationId, ConversationState state, CatalogSnapshot catalog,
        CancellationToken cancellationToken)
    {
        var latest = await LatestAsync(conversationId, cancellationToken);
        var through = latest?.ThroughSequence ?? 0;
        IReadOnlyList<PendingMessage> pending = _unsummarized is { } known && known.ConversationId == conversationId && known.Through == through
            ? known.Messages
            : await PendingAsync(conversationId, through, cancellationToken);
        var tokens = pending.Sum(m => SalesPrompt.EstimateTokens(m.Content));
        var keep = options.Value.KeepRecentMessages;
        if (tokens <= options.Value.HistoryTokenBudget || pending.Count <= keep)
        {
            return null;
        }
        var lastFolded = pending[^(keep + 1)].Sequence;
        var folded = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence > through && m.Sequence <= lastFolded)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);
        if (folded.Count == 0)
        {
            return null; // deleted meanwhile (conversation erased)
        }
        var prose = await writer.RollingAsync(conversationId, latest?.Text, folded, cancellationToken);
        var text = prose ?? ExtractiveSummary.Rolling(latest?.Text, folded, state, catalog);
        var summary = new ConversationSummary
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            Summary = text,
            MessagesIncluded = folded[^1].Sequence,
            Kind = ConversationSummaryKinds.Rolling,
            Details = new SummaryDetails { Source = prose is null ? "rules" : "model" },
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ConversationSummaries.Add(summary);
        _latest = (conversationId, new RollingSummary(summary.Summary, summary.MessagesIncluded));
        return summary;
    }

    /// <summary>Every turn checks the budget, few fold: the check reads only the texts, not each message's metadata JSON.</summary>
    private async Task<List<PendingMessage>> PendingAsync(Guid conversationId, int through, CancellationToken cancellationToken)
    {
        var pending = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Sequence > through)
            .OrderBy(m => m.Sequence)
            .Select(m => new PendingMessage(m.Sequence, m.Content))
            .ToListAsync(cancellationToken);
        // The shopper's message of this turn counts even while it waits to be saved with the answer.
        pending.AddRange(db.ChangeTracker.Entries<Message>()
            .Where(e => e.State == EntityState.Added && e.Entity.ConversationId == conversationId && e.Entity.Sequence > through)
            .Select(e => new PendingMessage(e.Entity.Sequence, e.Entity.Content)));
        pending.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return pending;
    }
}

/// <summary>A message after the latest rolling summary, as the budget check counts it.</summary>
public readonly record struct PendingMessage(int Sequence, string Content);

public sealed record RollingSummaryReads(
    (Guid ConversationId, RollingSummary? Summary)? Latest,
    (Guid ConversationId, int Through, IReadOnlyList<PendingMessage> Messages)? Unsummarized);
