using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using System.Text.Json;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Responders;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Tests.Products;

/// <summary>Seed 001's budget alternatives on the demo catalog: the bands hold, every price is the catalog's, empty bands say so.</summary>
public sealed class BudgetAlternativesTests
{
    private static readonly BudgetAlternatives Alternatives = new(new RecommendationEngine());
    private static readonly CatalogSnapshot Catalog = DemoCatalog.Snapshot;

    private static AlternativeSet Find(string reference, AlternativeKind kind, int limit = 5, CatalogSnapshot? catalog = null)
    {
        var product = (catalog ?? Catalog).Products.Single(p => p.Name == reference);
        return Alternatives.Find(catalog ?? Catalog, new AlternativesRequest(product.Price) { Reference = product }, kind, limit);
    }

    [Theory]
    [InlineData("Dell Inspiron 15")]
    [InlineData("Acer Swift Go 14")]
    [InlineData("Apple MacBook Air 15\" (M5)")]
    [InlineData("Sennheiser Momentum 4 Wireless")]
    public void Cheaper_returns_only_products_of_the_same_category_10_to_20_percent_below_the_reference(string reference)
    {
        var product = DemoCatalog.Named(reference);

        var cheaper = Find(reference, AlternativeKind.Cheaper);

        cheaper.InBand.Should().NotBeEmpty();
        cheaper.Nearest.Should().BeNull();
        cheaper.InBand.Should().OnlyContain(a => a.Pick.Product.Category == product.Category
                                                 && a.Pick.Product.Price >= product.Price * 0.8m - 0.01m && a.Pick.Product.Price <= product.Price * 0.9m + 0.01m
                                                 && a.InBand && a.PercentFromReference <= -10 && a.PercentFromReference >= -20);
        cheaper.InBand.Should().OnlyContain(a => a.Pick.Reason.Contains(", in the cheaper range (10-20% less)"));
        cheaper.InBand.Select(a => a.Pick.Product.Price).Should().OnlyContain(price => Catalog.Products.Any(p => p.Price == price), "prices are never invented");
    }

    [Fact]
    public void Cheaper_than_the_dell_inspiron_is_the_asus_vivobook_with_its_real_price_and_band()
    {
        var cheaper = Find("Dell Inspiron 15", AlternativeKind.Cheaper);

        var vivobook = cheaper.InBand.Should().ContainSingle().Subject;
        vivobook.Pick.Product.Name.Should().Be("ASUS Vivobook 15");
        vivobook.Pick.Product.Price.Should().Be(549.99m);
        vivobook.PercentFromReference.Should().Be(-15);
        vivobook.Pick.Reason.Should().StartWith("15% less than $649.99, in the cheaper range (10-20% less)");
    }

    [Theory]
    [InlineData("Acer Swift Go 14")]
    [InlineData("Apple iPhone 17")]
    public void Better_value_returns_only_products_of_the_same_category_10_to_15_percent_above_the_reference(string reference)
    {
        var product = DemoCatalog.Named(reference);

        var better = Find(reference, AlternativeKind.BetterValue);

        better.InBand.Should().NotBeEmpty();
        better.InBand.Should().OnlyContain(a => a.Pick.Product.Category == product.Category
                                                && a.Pick.Product.Price >= product.Price * 1.1m - 0.01m && a.Pick.Product.Price <= product.Price * 1.15m + 0.01m);
        better.InBand.Should().OnlyContain(a => a.Pick.Reason.Contains(", in the better-value range (10-15% more)"));
    }

    [Fact]
    public void A_similar_budget_alternative_comes_from_another_category_when_the_catalog_has_one()
    {
        var zenbook = DemoCatalog.Named("ASUS Zenbook 14 OLED");

        var elsewhere = Find("ASUS Zenbook 14 OLED", AlternativeKind.Elsewhere);

        elsewhere.InBand.Should().NotBeEmpty();
        elsewhere.InBand.Should().OnlyContain(a => a.Pick.Product.Category != "Laptops"
                                                   && a.Pick.Product.Price >= zenbook.Price * 0.9m && a.Pick.Product.Price <= zenbook.Price * 1.1m);
        elsewhere.InBand.Should().OnlyContain(a => a.Pick.Reason.Contains(", in the similar-budget range (within 10%)"));
    }

    [Fact]
    public void A_similar_budget_alternative_elsewhere_is_never_of_a_ruled_out_brand()
    {
        var zenbook = DemoCatalog.Named("ASUS Zenbook 14 OLED");
        var ruledOut = Find("ASUS Zenbook 14 OLED", AlternativeKind.Elsewhere).InBand[0].Pick.Product.Brand;
        var request = new AlternativesRequest(zenbook.Price) { Reference = zenbook, Criteria = new ProductCriteria { ExcludedBrands = [ruledOut] } };

        var elsewhere = Alternatives.Find(Catalog, request, AlternativeKind.Elsewhere, 5);

        elsewhere.InBand.Should().OnlyContain(a => a.Pick.Product.Brand != ruledOut);
    }

    [Fact]
    public void In_a_catalog_with_locations_a_similar_budget_elsewhere_is_the_same_kind_of_home_in_another_location()
    {
        static Product Flat(string name, string location, decimal price) => new()
        {
            Id = Guid.NewGuid(), Sku = name, Name = name, Brand = "Brigade", Category = "Apartments", Price = price, Currency = "INR", Stock = 4,
            Description = "2BHK apartment with clubhouse and pool", Tags = ["2bhk", "clubhouse"], Specs = new() { ["Location"] = location },
        };
        var catalog = new CatalogSnapshot(Guid.NewGuid(), 1,
        [
            Flat("Brigade Orchards 2BHK", "Whitefield", 12_000_000m),
            Flat("Brigade Lakefront 2BHK", "Whitefield", 11_500_000m),
            Flat("Brigade Cornerstone 2BHK", "Sarjapur", 11_200_000m),
            Flat("Brigade Utopia 2BHK", "Varthur", 20_000_000m),
        ], "INR");

        var elsewhere = Find("Brigade Orchards 2BHK", AlternativeKind.Elsewhere, catalog: catalog);

        elsewhere.InBand.Select(a => a.Pick.Product.Name).Should().Equal("Brigade Cornerstone 2BHK");
    }

    [Fact]
    public void An_empty_band_is_said_plainly_with_the_nearest_product_labelled_outside_it()
    {
        var better = Find("Dell Inspiron 15", AlternativeKind.BetterValue);

        better.InBand.Should().BeEmpty("nothing costs $714.99-$747.49");
        better.Nearest!.Pick.Product.Name.Should().Be("HP Pavilion Plus 14");
        better.Nearest.InBand.Should().BeFalse();
        better.Nearest.Pick.Reason.Should().StartWith("15% more than $649.99, outside the better-value range (10-15% more)");

        var cheapest = Find("Acer Aspire Go 15", AlternativeKind.Cheaper);
        cheapest.InBand.Should().BeEmpty();
        cheapest.Nearest.Should().BeNull("nothing in the category is cheaper at all");
    }

    private static ResponderReply Ask(string message, params string[] shown)
    {
        var responder = new LocalSalesResponder(new RecommendationEngine(), new CurrencyConverter(Options.Create(new CurrencyOptions())),
            Options.Create(new SalesMate.Config.ChatOptions { MaxProducts = 3 }), Alternatives);
        var state = new ConversationState { Categories = ["Laptops"], LastShownProductIds = [.. shown.Select(n => DemoCatalog.Named(n).Id)] };
        return responder.Respond(new ResponderContext(Catalog, state, message, null, null));
    }

    [Fact]
    public void The_local_cheaper_follow_up_shows_the_cheaper_band_below_the_cheapest_product_shown()
    {
        var reply = Ask("cheaper", "Acer Swift Go 14", "HP Pavilion Plus 14");

        reply.Intent.Should().Be(Intents.BudgetAlternative);
        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Product.Category == "Laptops" && p.Product.Price >= 599.99m && p.Product.Price <= 674.99m);
        reply.Answer.Should().StartWith("Cheaper options, 10-20% less than the HP Pavilion Plus 14 ($749.99):");
        reply.Answer.Should().Contain("Dell Inspiron 15").And.Contain("$649.99");
        reply.State.LastShownProductIds.Should().Equal(reply.Products.Select(p => p.Product.Id));
    }

    [Fact]
    public void The_local_better_follow_up_shows_the_better_value_band_and_says_so_when_it_is_empty()
    {
        var better = Ask("something better", "Acer Swift Go 14");
        better.Answer.Should().StartWith("Better value, 10-15% more than the Acer Swift Go 14 ($799.99):");
        better.Products.Should().OnlyContain(p => p.Product.Price >= 879.99m && p.Product.Price <= 919.99m);

        var empty = Ask("something better", "Dell Inspiron 15");
        empty.Answer.Should().StartWith("Nothing in our catalog is 10-15% more than the Dell Inspiron 15 ($649.99), that is $714.99-$747.49.");
        empty.Answer.Should().Contain("outside the better-value range (10-15% more)");
        empty.Confidence.Should().BeLessThan(0.85);

        var lowest = Ask("cheaper", "Acer Aspire Go 15");
        lowest.Products.Should().BeEmpty();
        lowest.Answer.Should().StartWith("$349.99 is the lowest price I have for that.");
    }

    [Fact]
    public void The_llm_tool_returns_each_band_with_real_products_and_a_note_for_an_empty_one()
    {
        var tools = new CatalogTools(Catalog, new RecommendationEngine(), null, 3);
        var inspiron = DemoCatalog.Named("Dell Inspiron 15");

        var outcome = tools.Execute(new FunctionCallContent("c1", CatalogToolDeclarations.GetBudgetAlternatives,
            new Dictionary<string, object?> { ["id_or_sku"] = inspiron.Sku }));

        var text = (string)outcome.Result.Result!;
        var json = JsonDocument.Parse(text[(text.IndexOf('{'))..(text.LastIndexOf('}') + 1)]).RootElement;
        var bands = json.GetProperty("bands").EnumerateArray().ToDictionary(b => b.GetProperty("kind").GetString()!);
        bands["cheaper"].GetProperty("products").EnumerateArray().Single().GetProperty("name").GetString().Should().Be("ASUS Vivobook 15");
        bands["better_value"].GetProperty("products").GetArrayLength().Should().Be(0);
        bands["better_value"].GetProperty("note").GetString().Should().Contain("No catalog product is in this band");
        bands["better_value"].GetProperty("nearest_outside_band").GetProperty("price").GetDecimal().Should().Be(749.99m);
        bands["similar"].GetProperty("products").EnumerateArray().Should().OnlyContain(p => p.GetProperty("category").GetString() != "Laptops");
        outcome.Products.Should().Contain(p => p.Product.Name == "ASUS Vivobook 15");
        CatalogToolDeclarations.All.Should().Contain(t => t.Name == CatalogToolDeclarations.GetBudgetAlternatives);
    }
}
