using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Vector;

namespace SalesMate.Services.Profiles;

/// <summary>
/// The local responder's use of the remembered filters (<see cref="RememberedFilters"/>, decided once per message by
/// the pipeline's context step): a search that states no budget, category or location of its own gets the remembered
/// ones in its state, and the answer says so.
/// </summary>
public static class LearnedDefaults
{
    public static (ConversationState State, string? Note) Apply(ConversationState state, RememberedFilters remembered, CatalogSnapshot catalog)
    {
        if (remembered.IsEmpty)
        {
            return (state, null);
        }
        // A searched message already carries the remembered budget and location in its text (ContextInjector).
        if (remembered.HasBudget && state.BudgetMin is null && state.BudgetMax is null && state.BudgetTarget is null)
        {
            state = state with { BudgetMin = remembered.BudgetMin, BudgetMax = remembered.BudgetMax, BudgetCurrency = remembered.Currency };
        }
        if (remembered.Categories.Count > 0 && state.Categories.Count == 0)
        {
            state = state with { Categories = [.. remembered.Categories] };
        }
        if (remembered.Location is { } location && TextNormalizer.Normalize(location) is var phrase && !state.Features.Contains(phrase))
        {
            state = state with { Features = [.. state.Features, phrase] };
        }
        return (state, remembered.Note(catalog.Currency));
    }
}
