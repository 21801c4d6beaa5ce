using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Intelligence;

/// <summary>The message the responder gets, and which remembered filters were added to it.</summary>
public sealed record EnrichedMessage(string Text, IReadOnlyList<string> Added)
{
    public bool IsEnriched => Added.Count > 0;
}

/// <summary>
/// Seed 001's context injector. Filters the conversation already holds are carried by its state (both responders
/// apply them); what a new conversation lacks is the shopper's remembered budget: when a product search states no
/// budget and the conversation has none, the signed-in shopper's saved budget (their profile, in the catalog's
/// currency) is added to the message, e.g. "show me laptops" -> "show me laptops (budget: under 800)". The stored
/// message stays as typed.
/// </summary>
public static class ContextInjector
{
    public static EnrichedMessage Enrich(string message, ParsedQuery parsed, ConversationState state, UserProfile? profile, string catalogCurrency)
    {
        var searching = parsed.FollowUp == FollowUpKind.None && parsed.SmallTalk == SmallTalkKind.None
                        && (parsed.Categories.Count > 0 || parsed.Brands.Count > 0 || parsed.Features.Count > 0);
        var budgetKnown = parsed.Budget is not null || state.BudgetMin is not null || state.BudgetMax is not null || state.BudgetTarget is not null;
        if (!searching || budgetKnown || profile is null || (profile.BudgetMin is null && profile.BudgetMax is null)
            || !string.Equals(profile.Currency, catalogCurrency, StringComparison.OrdinalIgnoreCase))
        {
            return new EnrichedMessage(message, []);
        }
        var phrase = (profile.BudgetMin, profile.BudgetMax) switch
        {
            ({ } min, { } max) => $"between {Amount(min)} and {Amount(max)}",
            (null, { } max) => $"under {Amount(max)}",
            ({ } min, _) => $"over {Amount(min)}",
            _ => "",
        };
        return new EnrichedMessage($"{message} (budget: {phrase})", ["budget"]);
    }

    private static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
