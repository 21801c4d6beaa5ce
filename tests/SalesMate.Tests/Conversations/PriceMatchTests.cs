using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Intelligence;
using SalesMate.Tests.Rag.Answers;
using static SalesMate.Tests.Conversations.ConversationFlowTests;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// A competitor's price over real HTTP is a price objection answered with the store's price-match policy, quoted from its
/// documents with the citation; a store without such a document says honestly that it cannot promise a match.
/// </summary>
[Collection("sqlite")]
public sealed class PriceMatchTests(DemoPolicyQuestionsTests.DemoStore store) : IClassFixture<DemoPolicyQuestionsTests.DemoStore>
{
    [Theory]
    [InlineData("I saw it cheaper elsewhere")]
    [InlineData("Amazon has it for $50 less")]
    [InlineData("can you match that price?")]
    [InlineData("Best Buy sells it for $1,199")]
    [InlineData("I found the same laptop for less online")]
    public async Task A_competitors_price_quotes_the_price_match_policy_with_its_source(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        await visitor.AskAsync("show me laptops under $1500");

        var reply = await visitor.AskAsync(message);

        reply.GetProperty("intent").GetString().Should().Be("price_objection");
        Text(reply).Should().StartWith("Thanks for letting me know. Here is what our **Price Match, Trade-In and Discounts**")
            .And.Contain("If you find the same product cheaper at a major retailer, in stock and with the same warranty, we match the price.")
            .And.Contain("[1]");
        reply.GetProperty("sources")[0].GetProperty("section").GetString().Should().Be("Price Match, Trade-In and Discounts > Price match promise");
        Names(reply).Should().BeEmpty("a competitor's price is not a search for products under it");
        Chips(reply).Should().Contain("Show me something cheaper");
        reply.GetProperty("sources").GetArrayLength().Should().Be(1, "the student discount does not answer a competitor's price");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("sure")]
    public async Task Yes_to_the_offer_of_cheaper_options_shows_them(string message)
    {
        var visitor = await Visitor.StartAsync(store.Client, tenant: null);
        var shown = await visitor.AskAsync("show me laptops under $1500");
        await visitor.AskAsync("I saw it cheaper elsewhere");

        var cheaper = await visitor.AskAsync(message);

        Prices(cheaper).Should().NotBeEmpty().And.OnlyContain(p => p < Prices(shown).Min());
    }
}

/// <summary>The store without documents: a competitor's price gets an honest answer and no invented policy.</summary>
[Collection("sqlite")]
public sealed class PriceMatchWithoutPolicyTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Theory]
    [InlineData("I saw it cheaper elsewhere")]
    [InlineData("Amazon has it for $50 less")]
    [InlineData("will you beat that price?")]
    public async Task A_competitors_price_is_answered_honestly_when_the_store_has_no_price_match_policy(string message)
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        await chat.SayAsync("show me laptops under $1500");

        var reply = await chat.SayAsync(message);

        reply.Intent.Should().Be("price_objection");
        reply.Answer.Should().StartWith("Thanks for letting me know. I can't find a price-match policy in our documents, " +
                                        "so I can't promise to match another seller's price.")
            .And.NotContain("we match the price");
        reply.Answer.Split("\n\n")[0].Should().EndWith("Would you like me to show you cheaper options meanwhile?");
        reply.Products.Should().BeEmpty();
        reply.Sources.Should().BeEmpty();
    }

    [Fact]
    public async Task Yes_to_the_offer_of_cheaper_options_shows_them_without_a_policy_too()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var shown = await chat.SayAsync("show me laptops under $1500");
        await chat.SayAsync("I saw it cheaper elsewhere");

        var cheaper = await chat.SayAsync("yes");

        cheaper.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price < shown.Products.Min(s => s.Price));
    }
}
