using SalesMate.Services.Llm;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>"do you sell cars?": a kind of product the catalog has under no word is said plainly, with what the store does sell.</summary>
public sealed class LocalNotCarriedTests
{
    [Theory]
    [InlineData("do you sell cars?", "cars")]
    [InlineData("refrigerator", "refrigerator")]
    [InlineData("drones", "drones")]
    [InlineData("I'm looking for a lawnmower", "lawnmower")]
    public void A_kind_of_product_the_catalog_does_not_have_is_said_plainly_with_the_categories_it_has(string message, string thing)
    {
        var reply = Local().Respond(Context(message));

        reply.Answer.Should().Be($"Sorry, we don't carry {thing}. We sell headphones and laptops. Can I help you find something in one of those?");
        reply.Products.Should().BeEmpty();
    }

    [Theory]
    [InlineData("do you sell cars?")]
    [InlineData("drones")]
    public void Asked_in_the_middle_of_a_search_it_is_said_plainly_too_and_the_search_is_kept(string message)
    {
        var searching = new SalesMate.Core.Entities.ConversationState
        {
            Categories = ["Laptops"], BudgetMax = 1500m, BudgetCurrency = "USD", LastShownProductIds = [Blade.Id, Volt.Id], LastIntent = "product_search",
        };

        var reply = Local().Respond(Context(message, searching));

        reply.Answer.Should().StartWith("Sorry, we don't carry");
        reply.Products.Should().BeEmpty();
        reply.State.Categories.Should().Equal("Laptops");
        reply.State.BudgetMax.Should().Be(1500m);
    }

    [Theory]
    [InlineData("do you sell notebooks?")]
    [InlineData("earbuds")]
    [InlineData("do you have anything from acme?")]
    public void Products_the_catalog_has_under_another_word_are_shown(string message)
    {
        var reply = Local().Respond(Context(message));

        reply.Answer.Should().NotContain("don't carry");
        reply.Products.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("hi")]
    [InlineData("I need something for work")]
    [InlineData("ok")]
    [InlineData("can you help me?")]
    public void Vague_messages_still_get_the_usual_answer(string message)
    {
        Local().Respond(Context(message)).Answer.Should().NotContain("don't carry");
    }
}
