using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Responders.DemoSearch;

/// <summary>"no gaming please" after a laptop search: products with the ruled-out use or feature are never shown again in that search.</summary>
[Collection(DemoStoreChat.Name)]
public sealed class LocalFeatureExclusionTests(SqliteAppFixture fixture)
{
    private static readonly string[] GamingLaptops =
    [
        "ASUS ROG Strix G16 (2026)", "ASUS TUF Gaming A15 (2026)", "Acer Nitro V 16", "Dell Alienware 16 Aurora", "Dell Alienware 18 Area-51",
        "HP Omen Max 16", "HP Victus 15 Gaming Laptop", "Lenovo Legion 5 Gen 11", "MSI Katana 15 HX", "Razer Blade 16 (2026)",
    ];

    [Theory]
    [InlineData("no gaming please")]
    [InlineData("not for gaming")]
    [InlineData("without gaming")]
    [InlineData("I don't need gaming")]
    public async Task A_ruled_out_use_after_a_search_removes_those_products_and_stays_ruled_out(string message)
    {
        var chat = await DemoStoreChat.StartAsync(fixture);
        await chat.SendAsync("laptop between 800 and 1500");

        var reply = await chat.SendAsync(message);

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && !GamingLaptops.Contains(p.Name));
        reply.Answer.Should().Contain("laptops (not gaming) between $800 and $1,500");

        var next = await chat.SendAsync("under 1200");
        next.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && !GamingLaptops.Contains(p.Name));
    }

    [Fact]
    public async Task A_feature_ruled_out_in_the_search_itself_is_never_shown()
    {
        var chat = await DemoStoreChat.StartAsync(fixture);

        var reply = await chat.SendAsync("headphones without noise cancelling");

        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Headphones");
        reply.Products.Should().NotContain(p => p.Reason.Contains("noise cancelling", StringComparison.OrdinalIgnoreCase));
        reply.Products.Select(p => p.Name).Should().NotContain(["Sony WH-1000XM6", "Bose QuietComfort Ultra Headphones (2nd Gen)", "Apple AirPods Pro 3"]);
    }
}
