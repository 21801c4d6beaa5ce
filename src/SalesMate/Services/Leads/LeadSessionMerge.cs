using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Leads;

/// <summary>
/// At sign-in, what was learned about an anonymous visitor joins the account: the sessions' facts move to the account
/// (a one-value kind keeps the newest value, list kinds drop duplicates), and their leads fold into the account's lead
/// (signals, products and objections combined, scores recomputed on the next turn, events moved).
/// </summary>
public sealed class LeadSessionMerge(SalesMateDbContext db, TimeProvider clock)
{
    /// <summary>Adds the changes to the unit of work; the caller saves.</summary>
    public async Task AttachAsync(IReadOnlyCollection<Guid> sessionIds, Guid userId, CancellationToken cancellationToken)
    {
        var anonymousFacts = await db.ProfileFacts.Where(f => f.UserId == null && f.SessionId != null && sessionIds.Contains(f.SessionId.Value))
            .ToListAsync(cancellationToken);
        if (anonymousFacts.Count > 0)
        {
            var accountFacts = await db.ProfileFacts.Where(f => f.UserId == userId).ToListAsync(cancellationToken);
            foreach (var fact in anonymousFacts.OrderBy(f => f.UpdatedAt))
            {
                var same = accountFacts.Where(f => f.Kind == fact.Kind).ToList();
                if (same.Any(f => string.Equals(f.Value, fact.Value, StringComparison.OrdinalIgnoreCase))
                    || (ProfileFactKinds.IsSingle(fact.Kind) && same.Any(f => f.UpdatedAt > fact.UpdatedAt)))
                {
                    db.ProfileFacts.Remove(fact);
                    continue;
                }
                if (ProfileFactKinds.IsSingle(fact.Kind))
                {
                    db.ProfileFacts.RemoveRange(same);
                    accountFacts.RemoveAll(f => f.Kind == fact.Kind);
                }
                (fact.UserId, fact.SessionId) = (userId, null);
                accountFacts.Add(fact);
            }
        }

        var anonymousLeads = await db.Leads.Where(l => l.UserId == null && l.SessionId != null && sessionIds.Contains(l.SessionId.Value))
            .ToListAsync(cancellationToken);
        if (anonymousLeads.Count == 0)
        {
            return;
        }
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.UserId == userId, cancellationToken);
        if (lead is null)
        {
            lead = anonymousLeads[0];
            anonymousLeads.RemoveAt(0);
            (lead.UserId, lead.SessionId) = (userId, null);
        }
        var counts = new SignalTally(lead.SignalCounts);
        foreach (var other in anonymousLeads)
        {
            // The other lead's occurrences follow the lead's own, in their order.
            var offset = counts.Total;
            await db.LeadSignals.Where(s => s.LeadId == other.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeadId, lead.Id).SetProperty(s => s.Position, s => s.Position + offset), cancellationToken);
            foreach (var count in other.SignalCounts)
            {
                counts.Add(count.Name, count.Count);
            }
            lead.SignalCounts = counts.ToList();
            lead.Products = [.. lead.Products, .. other.Products.Where(p => lead.Products.All(x => x.ProductId != p.ProductId))];
            lead.Objections = [.. lead.Objections, .. other.Objections.Where(o => lead.Objections.All(x => x.Type != o.Type))];
            lead.Name ??= other.Name;
            lead.Email ??= other.Email;
            lead.Phone ??= other.Phone;
            lead.Summary ??= other.Summary;
            lead.EngagementScore = Math.Max(lead.EngagementScore, other.EngagementScore);
            lead.IntentScore = Math.Max(lead.IntentScore, other.IntentScore);
            if (other.LastActivityAt > lead.LastActivityAt)
            {
                (lead.LastActivityAt, lead.LastConversationId, lead.Temperature) = (other.LastActivityAt, other.LastConversationId, other.Temperature);
            }
            await db.LeadEvents.Where(e => e.LeadId == other.Id).ExecuteUpdateAsync(u => u.SetProperty(e => e.LeadId, lead.Id), cancellationToken);
            db.Leads.Remove(other);
        }
        lead.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        lead.Version++; // a turn that read the lead before the merge rescores on the merged one
    }
}
