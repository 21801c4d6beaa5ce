using SalesMate.Core.Entities;
using SalesMate.Services.Leads;
using SalesMate.Services.Profiles;
using SalesMate.Vector;

namespace SalesMate.Services.Summaries;

/// <summary>The final summary's fields, by rules from the tracked state, the lead and the learned profile.</summary>
public static class FinalSummaryBuilder
{
    public static SummaryDetails Build(Conversation conversation, IReadOnlyList<Message> messages, Lead? lead, LearnedProfile? profile,
        CatalogSnapshot catalog)
    {
        var state = conversation.State;
        var need = ExtractiveSummary.Need(state)
                   ?? (profile?.Categories.Count > 0 ? string.Join(" or ", profile.Categories) : null)
                   ?? FirstAsk(messages);
        var budget = ExtractiveSummary.Budget(state, catalog.Currency) ?? ExtractiveSummary.Budget(profile);
        var products = lead?.Products.Select(p => p.Level == "viewed" ? p.Name : $"{p.Name} ({p.Level})").Take(5).ToList()
                       ?? messages.SelectMany(m => m.Metadata.Products).Select(p => p.Name).Distinct().Take(5).ToList();
        var objections = lead?.Objections.Select(o => o.Count > 1 ? $"{o.Type} (x{o.Count})" : o.Type).ToList() ?? [];
        return new SummaryDetails
        {
            Need = need,
            Budget = budget,
            Products = products,
            Objections = objections,
            Sentiment = lead?.Sentiment ?? "neutral",
            EngagementScore = lead?.EngagementScore ?? 0,
            IntentScore = lead?.IntentScore ?? 0,
            Temperature = lead?.Temperature ?? LeadTemperatures.Cold,
            Name = lead?.Name ?? profile?.Name,
            Email = lead?.Email ?? profile?.Email,
            Phone = lead?.Phone ?? profile?.Phone,
            NextStep = NextStep(lead, profile),
            Source = "rules",
        };
    }

    /// <summary>What a salesperson should do next, from the strongest signal the lead shows.</summary>
    public static string NextStep(Lead? lead, LearnedProfile? profile)
    {
        var signals = lead?.SignalCounts.Select(s => s.Name).ToHashSet() ?? [];
        var phone = lead?.Phone ?? profile?.Phone;
        var email = lead?.Email ?? profile?.Email;
        var contact = phone ?? email;
        var product = lead?.Products.FirstOrDefault()?.Name;
        var about = product is null ? "" : $" for the {product}";
        if (contact is null)
        {
            return signals.Overlaps([LeadSignals.DemoRequested, LeadSignals.VisitRequested, LeadSignals.CallbackRequested])
                ? "They asked for a follow-up but left no contact details: offer a contact form on their next visit."
                : "No contact details were given: nothing to follow up until they return.";
        }
        if (signals.Contains(LeadSignals.DemoRequested))
        {
            return $"Confirm the demo{about} with them at {contact}.";
        }
        if (signals.Contains(LeadSignals.VisitRequested))
        {
            return $"Confirm the visit{about} with them at {contact}.";
        }
        if (signals.Contains(LeadSignals.CallbackRequested) || signals.Contains(LeadSignals.HumanRequested))
        {
            return phone is not null ? $"Call them back at {phone}." : $"Get in touch at {email} to arrange a call.";
        }
        if (lead?.Objections.Any(o => o.Type == ObjectionTypes.Price) == true)
        {
            return $"Follow up at {contact} with the value{about} and cheaper alternatives.";
        }
        return lead?.Temperature == LeadTemperatures.Hot
            ? $"Contact them today at {contact}{about}."
            : $"Send a follow-up at {contact}{about}.";
    }

    private static string? FirstAsk(IReadOnlyList<Message> messages) =>
        messages.FirstOrDefault(m => m.Role == MessageRole.User)?.Content is { } first
            ? "\"" + (first.Length > 140 ? first[..137] + "..." : first) + "\""
            : null;
}
