using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>"cheapest laptop", "most expensive headphones": the products come in price order, and the answer names the extreme.</summary>
[Collection(DemoStoreChat.Name)]
public sealed class LocalPriceOrderTests(SqliteAppFixture fixture)
{
    [Theory]
    [InlineData("cheapest laptop")]
    [InlineData("what's your cheapest laptop?")]
    [InlineData("the least expensive laptop please")]
    public async Task The_cheapest_search_lists_the_lowest_prices_first(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops");
        reply.Products.Select(p => p.Price).Should().BeInAscendingOrder();
        reply.Products[0].Name.Should().Be("Acer Aspire Go 15", "it is the demo store's lowest-priced laptop");
        reply.Answer.Should().StartWith("Our cheapest laptop is **Acer Aspire Go 15**");
    }

    [Theory]
    [InlineData("most expensive headphones")]
    [InlineData("show me your priciest headphones")]
    public async Task The_most_expensive_search_lists_the_highest_prices_first(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Headphones");
        reply.Products.Select(p => p.Price).Should().BeInDescendingOrder();
        reply.Products[0].Name.Should().Be("Sony WH-1000XM6");
        reply.Answer.Should().StartWith("Our most expensive headphone is **Sony WH-1000XM6**");
    }

    [Theory]
    [InlineData("the cheapest one")]
    [InlineData("which is the cheapest?")]
    public async Task The_cheapest_one_after_a_list_keeps_the_search_and_orders_it_by_price(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        var shown = await chat.SendAsync("gaming laptop under 2000");
        shown.Products.Should().NotBeEmpty();

        var reply = await chat.SendAsync(message);

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Price <= 2000m);
        reply.Products.Select(p => p.Price).Should().BeInAscendingOrder();
        reply.Products[0].Name.Should().Be("Acer Nitro V 16", "it is the cheapest gaming laptop");
        reply.Answer.Should().StartWith("Our cheapest gaming laptop under $2,000 is **Acer Nitro V 16**");
    }
}
