using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

public sealed record ConversationListItem(Guid Id, string? Title, Guid? ShopperPersonaId, int MessageCount,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? LastMessageAt);

/// <summary>Conversations are always looked up through the session asking for them (see <see cref="VisibleTo"/>).</summary>
public sealed class ConversationRepository(SalesMateDbContext db)
{
    /// <summary>
    /// The one ownership rule: a session sees its own conversations, those of its account (after sign-in merged it),
    /// and those of every session proven by OTP to belong to the same email. <see cref="VisitorSession.Email"/> is only
    /// ever set after such a proof.
    /// </summary>
    public IQueryable<Conversation> VisibleTo(VisitorSession session)
    {
        var (sessionId, userId, email) = (session.Id, session.UserId, session.Email);
        return db.Conversations.Where(c => c.SessionId == sessionId
            || (userId != null && c.UserId == userId)
            || (email != null && db.Sessions.Any(s => s.Id == c.SessionId && s.Email == email)));
    }

    /// <summary>The session's conversations with one agent (the chat routes only ever see the agent they address).</summary>
    public IQueryable<Conversation> VisibleTo(VisitorSession session, string? agent) =>
        agent is null ? VisibleTo(session) : VisibleTo(session).Where(c => c.Agent == agent);

    public Task<Conversation?> FindForSessionAsync(VisitorSession session, Guid conversationId, CancellationToken cancellationToken,
        string? agent = null) =>
        VisibleTo(session, agent).FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);

    public async Task<IReadOnlyList<ConversationListItem>> ListForSessionAsync(VisitorSession session, int limit, CancellationToken cancellationToken,
        string? agent = null) =>
        await VisibleTo(session, agent).AsNoTracking()
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
    public async Task<bool> DeleteForSessionAsync(VisitorSession session, Guid conversationId, CancellationToken cancellationToken,
        string? agent = null) =>
        await VisibleTo(session, agent).Where(c => c.Id == conversationId).ExecuteDeleteAsync(cancellationToken) > 0;
}
