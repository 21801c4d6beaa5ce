using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>"lapotp under 1000": a misspelt category, brand or feature is understood, and the answer says what it searched for.</summary>
[Collection(DemoStoreChat.Name)]
public sealed class LocalTypoSearchTests(SqliteAppFixture fixture)
{
    [Theory]
    [InlineData("noise cancelin hedphones", "noise cancelling headphones")]
    [InlineData("noise cancelling headphonse", "noise cancelling headphones")]
    [InlineData("noize cancelling headphones", "noise cancelling headphones")]
    public async Task Misspelt_feature_and_category_words_find_the_products_and_the_answer_says_what_it_searched(string message, string meant)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Answer.Should().StartWith($"Showing results for \"{meant}\".");
        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Headphones");
        reply.Products.Should().OnlyContain(p => p.Reason.Contains("noise cancelling", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("lapotp under 1000", "laptop under 1000")]
    [InlineData("cheap laptpo under $1000", "cheap laptop under $1000")]
    public async Task A_misspelt_category_with_a_budget_finds_that_category_within_it(string message, string meant)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Answer.Should().StartWith($"Showing results for \"{meant}\".");
        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Price <= 1000m);
    }

    [Theory]
    [InlineData("macbok air")]
    [InlineData("mackbook air")]
    public async Task A_misspelt_brand_or_product_name_finds_that_product(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Answer.Should().StartWith("Showing results for");
        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Name.StartsWith("Apple MacBook Air", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("laptop for my daughter under 900")]
    [InlineData("headphones for travel under 300")]
    [InlineData("I need a laptop for school, 16gb ram")]
    public async Task Correctly_spelt_messages_with_ordinary_words_and_numbers_are_not_corrected(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync(message);

        reply.Answer.Should().NotContain("Showing results for");
        reply.Products.Should().NotBeEmpty();
    }
}
