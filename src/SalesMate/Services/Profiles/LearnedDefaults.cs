using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Summaries;
using SalesMate.Vector;

namespace SalesMate.Services.Profiles;

/// <summary>
/// The local responder's use of the learned profile: a search that states no budget (and has none from earlier turns)
/// uses the learned budget, one that names no category uses the learned categories; the answer says so.
/// </summary>
public static class LearnedDefaults
{
    public static (ConversationState State, string? Note) Apply(ConversationState state, ParsedQuery parsed, LearnedProfile? profile, CatalogSnapshot catalog)
    {
        if (profile is null)
        {
            return (state, null);
        }
        var used = new List<string>();
        if (parsed.Budget is null && state.BudgetMin is null && state.BudgetMax is null
            && (profile.BudgetMin is not null || profile.BudgetMax is not null)
            && string.Equals(profile.BudgetCurrency, catalog.Currency, StringComparison.OrdinalIgnoreCase))
        {
            state = state with { BudgetMin = profile.BudgetMin, BudgetMax = profile.BudgetMax, BudgetCurrency = catalog.Currency };
            used.Add($"budget {ExtractiveSummary.Budget(profile.BudgetMin, profile.BudgetMax, catalog.Currency)}");
        }
        var categories = profile.Categories.Where(c => catalog.Categories.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (parsed.Categories.Count == 0 && state.Categories.Count == 0 && categories.Count > 0)
        {
            state = state with { Categories = categories };
            used.Add(string.Join(" or ", categories));
        }
        return used.Count == 0 ? (state, null) : (state, $"Going by what you told me before ({string.Join(", ", used)}):");
    }
}
