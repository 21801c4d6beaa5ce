using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Profiles;

namespace SalesMate.Repositories;

/// <summary>What sales reads about leads: filtered lists, one lead with its conversations, events and facts, its transcripts.</summary>
public sealed class LeadQueries(SalesMateDbContext db, ProfileFactStore facts)
{
    public const int MaxLimit = 200;
    public const int EventsShown = 50;

    public async Task<IReadOnlyList<Lead>> ListAsync(string? temperature, DateTime? since, string? q, int limit, CancellationToken cancellationToken)
    {
        var leads = db.Leads.AsNoTracking();
        if (temperature is not null)
        {
            leads = leads.Where(l => l.Temperature == temperature);
        }
        if (since is { } from)
        {
            leads = leads.Where(l => l.LastActivityAt >= from);
        }
        if (q is { Length: > 0 })
        {
            var term = q.ToLowerInvariant();
            leads = leads.Where(l => (l.Name != null && l.Name.ToLower().Contains(term))
                                     || (l.Email != null && l.Email.ToLower().Contains(term))
                                     || (l.Phone != null && l.Phone.Contains(term))
                                     || (l.Summary != null && l.Summary.ToLower().Contains(term)));
        }
        return await leads.OrderByDescending(l => l.LastActivityAt).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<Lead> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken) ?? throw new NotFoundException("Lead", id);

    /// <summary>The lead's conversations: the account's, or the anonymous session's.</summary>
    public IQueryable<Conversation> ConversationsOf(Lead lead) => lead.UserId is { } userId
        ? db.Conversations.Where(c => c.UserId == userId)
        : db.Conversations.Where(c => c.SessionId == lead.SessionId && c.UserId == null);

    public async Task<IReadOnlyList<LeadEvent>> EventsAsync(Guid leadId, CancellationToken cancellationToken) =>
        await db.LeadEvents.AsNoTracking().Where(e => e.LeadId == leadId).OrderByDescending(e => e.CreatedAt).Take(EventsShown)
            .ToListAsync(cancellationToken);

    /// <summary>The lead's signal occurrences in the order they were recorded (the score explanation lists them).</summary>
    public async Task<IReadOnlyList<LeadSignalOccurrence>> SignalsAsync(Guid leadId, CancellationToken cancellationToken) =>
        await db.LeadSignals.AsNoTracking().Where(s => s.LeadId == leadId).OrderBy(s => s.Position).ThenBy(s => s.At)
            .ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<ProfileFact>> FactsAsync(Lead lead, CancellationToken cancellationToken) =>
        await facts.Of(new FactOwner(lead.UserId, lead.SessionId ?? Guid.Empty)).AsNoTracking().OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>A transcript sales may read: only of a conversation of this lead.</summary>
    public async Task<IReadOnlyList<Message>> TranscriptAsync(Guid leadId, Guid conversationId, CancellationToken cancellationToken)
    {
        var lead = await GetAsync(leadId, cancellationToken);
        if (!await ConversationsOf(lead).AnyAsync(c => c.Id == conversationId, cancellationToken))
        {
            throw new NotFoundException("Conversation", conversationId);
        }
        return await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
    }
}
