using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Services.Privacy;

namespace SalesMate.Services.Leads;

/// <summary>Privacy export and deletion of learned profile facts (accounts and their chat sessions).</summary>
public sealed class ProfileFactPersonalData(SalesMateDbContext db) : IPersonalDataStore
{
    public string Name => "profile_facts";

    private IQueryable<Core.Entities.ProfileFact> Of(PrivacySubject subject) =>
        db.ProfileFacts.Where(f => (f.UserId != null && subject.UserIds.Contains(f.UserId.Value))
                                   || (f.SessionId != null && subject.SessionIds.Contains(f.SessionId.Value)));

    public async Task<object?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken) =>
        await Of(subject).AsNoTracking().OrderBy(f => f.CreatedAt)
            .Select(f => new { f.Id, f.Kind, f.Value, f.Source, f.MessageId, f.ConversationId, f.CreatedAt, f.UpdatedAt })
            .ToListAsync(cancellationToken);

    public Task<int> DeleteAsync(PrivacySubject subject, CancellationToken cancellationToken) => Of(subject).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>Privacy export and deletion of leads (scores, signals, contact details) and their events.</summary>
public sealed class LeadPersonalData(SalesMateDbContext db) : IPersonalDataStore
{
    public string Name => "leads";

    private IQueryable<Core.Entities.Lead> Of(PrivacySubject subject) =>
        db.Leads.Where(l => (l.UserId != null && subject.UserIds.Contains(l.UserId.Value))
                            || (l.SessionId != null && subject.SessionIds.Contains(l.SessionId.Value)));

    public async Task<object?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var leads = await Of(subject).AsNoTracking().ToListAsync(cancellationToken);
        var ids = leads.Select(l => l.Id).ToList();
        var events = await db.LeadEvents.AsNoTracking().Where(e => ids.Contains(e.LeadId)).OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken);
        var signals = (await db.LeadSignals.AsNoTracking().Where(s => ids.Contains(s.LeadId)).OrderBy(s => s.Position).ThenBy(s => s.At)
            .ToListAsync(cancellationToken)).ToLookup(s => s.LeadId, s => s.ToSignal());
        return leads.Select(l => new
        {
            l.Id, l.Name, l.Email, l.Phone, l.EngagementScore, l.IntentScore, l.Temperature, l.Sentiment, Signals = signals[l.Id].ToList(), l.Products, l.Objections,
            l.Summary, l.LastActivityAt, l.CreatedAt,
            Events = events.Where(e => e.LeadId == l.Id).Select(e => new { e.Kind, e.TemperatureBefore, e.TemperatureAfter, e.IntentAfter, e.EngagementAfter, e.Signals, e.CreatedAt }),
        }).ToList();
    }

    public async Task<int> DeleteAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var leads = Of(subject);
        await db.LeadEvents.Where(e => leads.Any(l => l.Id == e.LeadId)).ExecuteDeleteAsync(cancellationToken);
        await db.LeadSignals.Where(s => leads.Any(l => l.Id == s.LeadId)).ExecuteDeleteAsync(cancellationToken);
        return await leads.ExecuteDeleteAsync(cancellationToken);
    }
}
