using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Classification;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>
/// The hosted model's turn takes the conversation filters from <c>LocalSalesResponder.Filters</c> instead of composing
/// a whole local answer: the filters must be the ones that answer would have left.
/// </summary>
public sealed class LocalFiltersTests
{
    public static TheoryData<string> Messages() =>
    [
        "I need a gaming laptop under $1500", "cheaper", "something better", "compare the first two", "tell me more about the second one",
        "hi", "thanks, bye", "noise cancelling headphones under 300", "a laptop for 900 euros", "a laptop under 90000 zorkmids",
        "any discount?", "what about Nimbus?", "in stock only", "Acme laptops with 32GB RAM", "",
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Filters_are_the_ones_the_local_answer_ends_with(string message)
    {
        var shown = new ConversationState
        {
            Categories = ["Laptops"], BudgetMax = 1500m, BudgetCurrency = "USD", LastShownProductIds = [Blade.Id, Volt.Id],
            LastIntent = "product_search", ProductsViewedCount = 2,
        };
        var shopper = new ShopperPersona { Code = "gamer", Name = "Alex", BudgetMax = 1200m, KeyFeatures = ["rtx"] };
        var contexts = new[]
        {
            Context(message),
            Context(message, shown),
            Context(message, shown, shopper: shopper),
            Context(message) with { Intent = ClassificationIntents.PriceObjection },
            Context(message, shown) with { Intent = ClassificationIntents.PriceObjection },
        };
        var local = Local();

        foreach (var context in contexts)
        {
            var answered = local.Respond(context).State with
            {
                LastShownProductIds = context.State.LastShownProductIds,
                LastIntent = context.State.LastIntent,
                ProductsViewedCount = context.State.ProductsViewedCount,
                AskedQualifyingQuestion = context.State.AskedQualifyingQuestion,
            };

            local.Filters(context).Should().BeEquivalentTo(answered, $"'{message}' from {context.State.Categories.Count} categories, intent {context.Intent}");
        }
    }
}
