using SalesMate.Core.Entities;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>The local responder's "cheaper" follow-up keeps to the budget the shopper stated.</summary>
public sealed class LocalBudgetAlternativeTests
{
    [Fact]
    public void Cheaper_than_a_product_over_the_budget_offers_products_within_the_budget()
    {
        // Laptops under $1,000, then the shopper asked about the Titan ($2,499) by name, then "cheaper".
        var state = new ConversationState
        {
            Categories = ["Laptops"], BudgetMax = 1000m, BudgetCurrency = "USD", LastShownProductIds = [Titan.Id], LastIntent = "product_detail",
        };

        var reply = Local().Respond(Context("cheaper", state));

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Product.Price <= 1000m);
        reply.Products.Select(p => p.Product.Id).Should().Contain(Nimbus.Id);
        reply.Answer.Should().Contain("over your $1,000 budget").And.NotContain("Acme Volt 14");
        reply.State.BudgetMax.Should().Be(1000m);
    }

    [Fact]
    public void A_budget_given_as_around_an_amount_is_quoted_as_that_amount_not_the_edge_of_the_search()
    {
        var reply = Local().Respond(Context("a laptop around $700"));

        reply.Products.Select(p => p.Product.Id).Should().Contain(Nimbus.Id);
        reply.Answer.Should().Contain("$1 under your $700 budget").And.NotContain("$805");
    }

    [Fact]
    public void Cheaper_than_a_product_within_the_budget_still_looks_10_to_20_percent_below_it()
    {
        var state = new ConversationState
        {
            Categories = ["Laptops"], BudgetMax = 1500m, BudgetCurrency = "USD", LastShownProductIds = [Volt.Id], LastIntent = "product_search",
        };

        var reply = Local().Respond(Context("cheaper", state));

        reply.Answer.Should().StartWith("Cheaper options, 10-20% less than the Acme Volt 14");
        reply.Products.Select(p => p.Product.Id).Should().Contain(Blade.Id);
    }
}
