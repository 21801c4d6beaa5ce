using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

/// <summary>A conversation as a row of the viewer's list.</summary>
public sealed record ConversationRow(Guid Id, string? Title, string Agent, int MessageCount, string Stage, bool Escalated,
    Guid? UserId, DateTime CreatedAt, DateTime? LastMessageAt);

/// <summary>One model call made for a conversation (from llm_requests).</summary>
public sealed record ModelCall(string Purpose, string Model, int? PromptTokens, int? CompletionTokens, decimal? Cost, int? LatencyMs,
    string Status, DateTime CreatedAt);

public sealed record ConversationDetail(Conversation Conversation, IReadOnlyList<Message> Messages, IReadOnlyList<ModelCall> ModelCalls);

/// <summary>
/// What the conversation viewer and the leads dashboard read about conversations (tenant-filtered by the query filters).
/// The conversation state is a JSON column, so "escalated" is decided in memory over the recently active conversations.
/// </summary>
public sealed class ConversationInsightQueries(SalesMateDbContext db)
{
    public const int RecentScanned = 500;

    public Task<IReadOnlyList<ConversationRow>> RecentAsync(bool escalatedOnly, int limit, CancellationToken cancellationToken) =>
        ScanAsync(escalatedOnly ? s => s.Escalated : null, limit, cancellationToken);

    /// <summary>Escalated conversations nobody has marked handled yet, most recently active first.</summary>
    public Task<IReadOnlyList<ConversationRow>> WaitingEscalationsAsync(int limit, CancellationToken cancellationToken) =>
        ScanAsync(s => s.EscalationWaiting, limit, cancellationToken);

    private async Task<IReadOnlyList<ConversationRow>> ScanAsync(Func<ConversationState, bool>? keep, int limit, CancellationToken cancellationToken)
    {
        var recent = await db.Conversations.AsNoTracking()
            .OrderByDescending(c => c.LastMessageAt ?? c.CreatedAt)
            .Take(keep is null ? limit : RecentScanned)
            .ToListAsync(cancellationToken);
        return recent.Where(c => keep is null || keep(c.State)).Take(limit)
            .Select(c => new ConversationRow(c.Id, c.Title, c.Agent, c.MessageCount, c.State.Stage, c.State.Escalated, c.UserId,
                c.CreatedAt, c.LastMessageAt))
            .ToList();
    }

    public async Task<ConversationDetail> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
                           ?? throw new NotFoundException("Conversation", id);
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        var calls = await db.LlmRequests.AsNoTracking().Where(r => r.ConversationId == id).OrderBy(r => r.CreatedAt)
            .Select(r => new ModelCall(r.Purpose, r.Model, r.PromptTokens, r.CompletionTokens, r.ComputedCost, r.LatencyMs, r.Status, r.CreatedAt))
            .ToListAsync(cancellationToken);
        return new ConversationDetail(conversation, messages, calls);
    }
}
