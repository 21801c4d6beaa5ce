using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

public sealed record ConversationListItem(Guid Id, string? Title, Guid? ShopperPersonaId, int MessageCount,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastMessageAt);

/// <summary>Conversations are always looked up through the session that owns them.</summary>
public sealed class ConversationRepository(SalesMateDbContext db)
{
    public Task<Conversation?> FindForSessionAsync(Guid sessionId, Guid conversationId, CancellationToken cancellationToken) =>
        db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId && c.SessionId == sessionId, cancellationToken);

    public async Task<IReadOnlyList<ConversationListItem>> ListForSessionAsync(Guid sessionId, int limit, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking()
            .Where(c => c.SessionId == sessionId)
            .OrderByDescending(c => c.UpdatedAt)
            .Take(limit)
            .Select(c => new ConversationListItem(c.Id, c.Title, c.ShopperPersonaId, c.MessageCount, c.CreatedAt, c.UpdatedAt, c.LastMessageAt))
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<Message>> MessagesAsync(Guid conversationId, CancellationToken cancellationToken) =>
        await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId)
            .OrderBy(m => m.Sequence)
            .ToListAsync(cancellationToken);

    /// <summary>Deletes the conversation with its messages and summaries; returns false when the session has no such conversation.</summary>
    public async Task<bool> DeleteForSessionAsync(Guid sessionId, Guid conversationId, CancellationToken cancellationToken) =>
        await db.Conversations.Where(c => c.Id == conversationId && c.SessionId == sessionId).ExecuteDeleteAsync(cancellationToken) > 0;
}
