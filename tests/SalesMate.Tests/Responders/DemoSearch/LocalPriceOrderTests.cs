using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>
/// "cheapest laptop", "most expensive headphones": the products come in price order, and the answer names the extreme.
/// Later searches in the same category keep the order until another order or a new category is asked for.
/// </summary>
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

    [Theory]
    [InlineData("what about Dell?")]
    [InlineData("any Dell ones?")]
    public async Task The_cheapest_order_is_remembered_for_the_next_search_in_the_category(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("cheapest laptop");

        var reply = await chat.SendAsync(message);

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Brand == "Dell");
        reply.Products.Select(p => p.Price).Should().BeInAscendingOrder();
        reply.Products[0].Name.Should().Be("Dell Inspiron 15", "it is the demo store's lowest-priced Dell laptop");
        reply.Answer.Should().StartWith("Our cheapest Dell laptop is **Dell Inspiron 15**");
    }

    [Fact]
    public async Task The_most_expensive_order_is_remembered_for_the_next_search_in_the_category()
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("most expensive headphones");

        var reply = await chat.SendAsync("what about Bose?");

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Headphones" && p.Brand == "Bose");
        reply.Products.Select(p => p.Price).Should().BeInDescendingOrder();
        reply.Answer.Should().StartWith("Our most expensive Bose headphone is **Bose QuietComfort Ultra Headphones (2nd Gen)**");
    }

    [Fact]
    public async Task A_new_price_order_replaces_the_remembered_one()
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("cheapest laptop");
        await chat.SendAsync("the most expensive one");

        var reply = await chat.SendAsync("what about Dell?");

        reply.Products.Select(p => p.Price).Should().BeInDescendingOrder();
        reply.Products[0].Name.Should().Be("Dell Alienware 18 Area-51");
    }

    [Theory]
    [InlineData("sort by price", true)]
    [InlineData("sort them by price from low to high", true)]
    [InlineData("sort by price high to low", false)]
    public async Task Sort_by_price_lists_the_search_by_price_and_is_remembered(string message, bool lowestFirst)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("gaming laptop under 2000");

        var sorted = await chat.SendAsync(message);
        var dell = await chat.SendAsync("what about Dell?");

        foreach (var reply in new[] { sorted, dell })
        {
            reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops");
            var prices = reply.Products.Select(p => p.Price);
            (lowestFirst ? prices.Should().BeInAscendingOrder() : prices.Should().BeInDescendingOrder()).And.NotBeEmpty();
        }
        dell.Products.Should().OnlyContain(p => p.Brand == "Dell");
    }

    [Theory]
    [InlineData("sort by rating")]
    [InlineData("best match first")]
    public async Task Sort_by_rating_ends_the_remembered_price_order(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("cheapest laptop");

        var relevance = await chat.SendAsync(message);
        var dell = await chat.SendAsync("what about Dell?");

        relevance.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops");
        relevance.Answer.Should().NotStartWith("Our cheapest");
        dell.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Brand == "Dell");
        dell.Answer.Should().NotStartWith("Our cheapest");
    }

    [Fact]
    public async Task A_new_category_does_not_keep_the_price_order()
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("cheapest laptop");

        var headphones = await chat.SendAsync("show me headphones");
        var sony = await chat.SendAsync("what about Sony?");

        headphones.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Headphones");
        headphones.Answer.Should().NotStartWith("Our cheapest");
        sony.Answer.Should().NotStartWith("Our cheapest");
    }
}
