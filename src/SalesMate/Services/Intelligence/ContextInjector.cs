using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Profiles;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>The message the responder gets, which remembered filters were written into it, and all that apply.</summary>
public sealed record EnrichedMessage(string Text, IReadOnlyList<string> Added, RememberedFilters Remembered)
{
    public bool IsEnriched => Added.Count > 0;
}

/// <summary>
/// Seed 001's context injector (step 3). Filters the conversation already holds are carried by its state (both
/// responders apply them); what a message lacks comes from the shopper's learned profile, decided once here by
/// <see cref="RememberedFilters"/>. A product search gets the remembered budget and location written into the text
/// the responder reads, e.g. "show me laptops" -> "show me laptops (budget: under 800)"; every remembered filter
/// (categories too) is handed on, for the local responder's state and note. The stored message stays as typed.
/// </summary>
public static class ContextInjector
{
    public static EnrichedMessage Enrich(string message, ParsedQuery parsed, ConversationState state, LearnedProfile? profile, CatalogSnapshot catalog) =>
        Enrich(message, parsed, RememberedFilters.Decide(parsed, state, profile, catalog));

    /// <summary>The message with the given remembered filters (the rules' or the model's choice among them) written in.</summary>
    public static EnrichedMessage Enrich(string message, ParsedQuery parsed, RememberedFilters remembered)
    {
        var searching = parsed.FollowUp == FollowUpKind.None && parsed.SmallTalk == SmallTalkKind.None
                        && (parsed.Categories.Count > 0 || parsed.Brands.Count > 0 || parsed.Features.Count > 0);
        if (!searching || remembered.IsEmpty)
        {
            return new EnrichedMessage(message, [], remembered);
        }
        var text = message;
        var added = new List<string>();
        if (remembered.HasBudget)
        {
            var phrase = (remembered.BudgetMin, remembered.BudgetMax) switch
            {
                ({ } min, { } max) => $"between {Amount(min)} and {Amount(max)}",
                (null, { } max) => $"under {Amount(max)}",
                ({ } min, _) => $"over {Amount(min)}",
                _ => "",
            };
            text += $" (budget: {phrase})";
            added.Add("budget");
        }
        if (remembered.Location is { } location)
        {
            text += $" (location: {location})";
            added.Add("location");
        }
        return new EnrichedMessage(text, added, remembered);
    }

    private static string Amount(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
