using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Summaries;
using SalesMate.Vector;

namespace SalesMate.Services.Profiles;

/// <summary>
/// The remembered budget, categories and location that apply to one message: the single place that decides them
/// (pipeline step 3, <see cref="Intelligence.ContextInjector"/>). Each comes from the learned profile (facts, with the
/// profile form filling what chat never told) and applies only when neither the message nor the conversation states
/// its own: a budget in the catalog's currency, categories the catalog has, a location that is one of the catalog's
/// location values.
/// </summary>
public sealed record RememberedFilters(decimal? BudgetMin, decimal? BudgetMax, string? Currency, IReadOnlyList<string> Categories,
    string? Location)
{
    /// <summary>The catalog attribute (spec key, any case) whose values are locations.</summary>
    public const string LocationAttribute = "location";

    public static RememberedFilters None { get; } = new(null, null, null, [], null);

    public bool HasBudget => BudgetMin is not null || BudgetMax is not null;

    public bool IsEmpty => !HasBudget && Categories.Count == 0 && Location is null;

    public static RememberedFilters Decide(ParsedQuery parsed, ConversationState state, LearnedProfile? profile, CatalogSnapshot catalog)
    {
        if (profile is null)
        {
            return None;
        }
        var budgetKnown = parsed.Budget is not null || state.BudgetMin is not null || state.BudgetMax is not null || state.BudgetTarget is not null;
        var budget = !budgetKnown && (profile.BudgetMin is not null || profile.BudgetMax is not null)
                     && string.Equals(profile.BudgetCurrency, catalog.Currency, StringComparison.OrdinalIgnoreCase);
        var categories = parsed.Categories.Count == 0 && state.Categories.Count == 0
            ? profile.Categories.Select(c => catalog.Categories.FirstOrDefault(k => string.Equals(k, c, StringComparison.OrdinalIgnoreCase)))
                .OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : [];
        return new RememberedFilters(
            budget ? profile.BudgetMin : null,
            budget ? profile.BudgetMax : null,
            budget ? catalog.Currency : null,
            categories,
            RememberedLocation(parsed, state, profile, catalog.Vocabulary));
    }

    /// <summary>The newest learned location the catalog lists, unless this message or the conversation named one.</summary>
    private static string? RememberedLocation(ParsedQuery parsed, ConversationState state, LearnedProfile profile, CatalogVocabulary vocabulary)
    {
        var values = vocabulary.Attributes.FirstOrDefault(a => string.Equals(a.Key, LocationAttribute, StringComparison.OrdinalIgnoreCase)).Value;
        if (profile.Locations.Count == 0 || values is null
            || parsed.Attributes.Keys.Any(k => string.Equals(k, LocationAttribute, StringComparison.OrdinalIgnoreCase))
            || values.Any(v => state.Features.Contains(v.Phrase, StringComparer.Ordinal)))
        {
            return null;
        }
        return profile.Locations.Reverse()
            .Select(l => values.FirstOrDefault(v => v.Phrase == TextNormalizer.Normalize(l)))
            .OfType<AttributeValue>().FirstOrDefault()?.Display;
    }

    /// <summary>The local answer's opening when it used any of them, e.g. "Going by what you told me before (budget under $700, Laptops):".</summary>
    public string? Note(string currency)
    {
        var used = new List<string>();
        if (HasBudget)
        {
            used.Add($"budget {ExtractiveSummary.Budget(BudgetMin, BudgetMax, currency)}");
        }
        if (Categories.Count > 0)
        {
            used.Add(string.Join(" or ", Categories));
        }
        if (Location is not null)
        {
            used.Add($"in {Location}");
        }
        return used.Count == 0 ? null : $"Going by what you told me before ({string.Join(", ", used)}):";
    }
}
