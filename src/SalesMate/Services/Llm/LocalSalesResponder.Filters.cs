using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm;

/// <summary>The conversation filters a message leads to, shared by the local answer and the hosted model's turn.</summary>
public sealed partial class LocalSalesResponder
{
    /// <summary>
    /// The state <see cref="Respond"/> would end the turn in for this message (knowledge passages aside), without
    /// composing the answer: the merged categories, brands, features and budget. Only what the answer itself decides
    /// differs: <see cref="ConversationState.LastShownProductIds"/>, <see cref="ConversationState.LastIntent"/>,
    /// <see cref="ConversationState.ProductsViewedCount"/> and <see cref="ConversationState.AskedQualifyingQuestion"/>
    /// keep the conversation's values. The hosted model's turn sets those itself.
    /// </summary>
    public ConversationState Filters(ResponderContext context)
    {
        var parsed = context.Catalog.Parser.Parse(context.Message);
        return RouteOf(context, parsed) switch
        {
            Route.SmallTalk or Route.Compare or Route.MoreAbout or Route.Question => context.State,
            // Budget alternatives keep the filters, unless nothing was shown yet: then the message is a search.
            Route.Cheaper or Route.Better => AlternativeFilters(context, parsed),
            _ => SearchFilters(context, parsed).State,
        };
    }

    private ConversationState AlternativeFilters(ResponderContext context, ParsedQuery parsed) =>
        LastShown(context).Count > 0 ? context.State : SearchFilters(context, parsed with { FollowUp = FollowUpKind.None }).State;

    /// <summary>
    /// A search's filters: this message merged into the conversation's, the budget in the catalog currency (not
    /// <paramref name="parsed"/>'s when <c>Priced</c> is false: no exchange rate), then the shopper's remembered defaults.
    /// </summary>
    private (ConversationState State, string? ConversionNote, string? LearnedNote, bool Priced) SearchFilters(
        ResponderContext context, ParsedQuery parsed)
    {
        var state = Merge(context.State, parsed, context.Catalog.Vocabulary);
        var (budget, conversionNote) = BudgetInCatalogCurrency(parsed.Budget, context.Catalog.Currency);
        if (parsed.Budget is not null && budget is null)
        {
            return (state, conversionNote, null, false);
        }
        if (budget is not null)
        {
            state = state with { BudgetMin = budget.Min, BudgetMax = budget.Max, BudgetTarget = budget.Target, BudgetCurrency = budget.Currency };
        }
        // The pipeline decided the remembered filters for this message; a responder called on its own decides them here.
        var remembered = context.Remembered ?? Profiles.RememberedFilters.Decide(parsed, context.State, context.Profile, context.Catalog);
        (state, var learnedNote) = Profiles.LearnedDefaults.Apply(state, remembered, context.Catalog);
        return (state, conversionNote, learnedNote, true);
    }
}
