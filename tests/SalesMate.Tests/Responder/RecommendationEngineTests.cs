using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Tests.Responder;

public sealed class RecommendationEngineTests
{
    private static Product P(string sku, string category, decimal price, int stock = 10, decimal rating = 4.0m, string[]? tags = null,
        Dictionary<string, string>? specs = null, string brand = "Acme") => new()
    {
        Id = Guid.NewGuid(), Sku = sku, Name = $"{brand} {sku}", Brand = brand, Category = category, Price = price, Currency = "USD",
        Stock = stock, Rating = rating, Tags = [.. tags ?? []], Specs = specs ?? [],
    };

    private static readonly Product GamingCheap = P("G1", "Laptops", 999m, tags: ["gaming"], specs: new() { ["GPU"] = "NVIDIA GeForce RTX 5050" });
    private static readonly Product GamingNearBudget = P("G2", "Laptops", 1449m, tags: ["gaming"], specs: new() { ["GPU"] = "NVIDIA GeForce RTX 5070" });
    private static readonly Product GamingOverBudget = P("G3", "Laptops", 2199m, tags: ["gaming"]);
    private static readonly Product OfficeLaptop = P("O1", "Laptops", 699m, rating: 4.9m, tags: ["business"]);
    private static readonly Product GamingOutOfStock = P("G4", "Laptops", 1299m, stock: 0, tags: ["gaming"]);
    private static readonly Product Headphones = P("H1", "Headphones", 299m, specs: new() { ["Noise Cancelling"] = "Yes" });
    private static readonly Product PlainHeadphones = P("H2", "Headphones", 99m, specs: new() { ["Noise Cancelling"] = "No" });

    private static readonly CatalogSnapshot Catalog = new(Guid.NewGuid(), 1,
        [GamingCheap, GamingNearBudget, GamingOverBudget, OfficeLaptop, GamingOutOfStock, Headphones, PlainHeadphones], "USD");

    private readonly RecommendationEngine _engine = new();

    [Fact]
    public void Hard_filters_keep_only_the_category_the_budget_and_the_feature()
    {
        var picks = _engine.Recommend(Catalog, new ProductCriteria { Categories = ["Laptops"], Features = ["gaming"], MaxPrice = 1500m, BudgetCeiling = 1500m }, 3);
        picks.Select(p => p.Product.Sku).Should().BeEquivalentTo(["G2", "G1", "G4"]);
        picks.Should().OnlyContain(p => p.MatchedFeatures.Contains("gaming"));
    }

    [Fact]
    public void In_stock_products_outrank_out_of_stock_ones_and_near_budget_wins_among_equals()
    {
        var picks = _engine.Recommend(Catalog, new ProductCriteria { Categories = ["Laptops"], Features = ["gaming"], MaxPrice = 1500m }, 3);
        picks[0].Product.Should().Be(GamingNearBudget);
        picks[^1].Product.Should().Be(GamingOutOfStock);
    }

    [Fact]
    public void Reasons_cite_the_spec_that_matched_and_the_budget_and_stock_facts()
    {
        var picks = _engine.Recommend(Catalog, new ProductCriteria { Features = ["rtx"], MaxPrice = 1500m, BudgetCeiling = 1500m }, 3);
        var best = picks.Single(p => p.Product == GamingNearBudget);
        best.Reason.Should().Contain("GPU: NVIDIA GeForce RTX 5070").And.Contain("$51 under your $1,500 budget").And.Contain("in stock");
        var outOfStock = _engine.Recommend(Catalog, new ProductCriteria { Categories = ["Laptops"], MinPrice = 1299m, MaxPrice = 1299m }, 1);
        outOfStock.Single().Reason.Should().Contain("currently out of stock");
    }

    [Fact]
    public void Products_with_every_asked_feature_beat_partial_matches_and_no_match_means_nothing()
    {
        var both = _engine.Recommend(Catalog, new ProductCriteria { Features = ["gaming", "rtx"] }, 5);
        both.Select(p => p.Product).Should().BeEquivalentTo([GamingCheap, GamingNearBudget]);
        _engine.Recommend(Catalog, new ProductCriteria { Features = ["oled"] }, 5).Should().BeEmpty();
    }

    [Fact]
    public void A_target_price_prefers_the_closest_product()
    {
        var picks = _engine.Recommend(Catalog, new ProductCriteria { Categories = ["Laptops"], TargetPrice = 700m }, 1);
        picks.Single().Product.Should().Be(OfficeLaptop);
    }

    [Fact]
    public void Excluded_products_and_other_categories_never_appear()
    {
        var picks = _engine.Recommend(Catalog, new ProductCriteria { Categories = ["Laptops"], Exclude = new HashSet<Guid> { GamingNearBudget.Id } }, 10);
        picks.Should().NotContain(p => p.Product == GamingNearBudget || p.Product == Headphones);
    }

    [Fact]
    public void A_spec_saying_no_is_not_the_feature()
    {
        var picks = _engine.Recommend(Catalog, new ProductCriteria { Categories = ["Headphones"], Features = ["noise cancelling"] }, 5);
        picks.Should().ContainSingle().Which.Product.Should().Be(Headphones);
        picks[0].Reason.Should().Contain("Noise Cancelling: Yes");
    }
}
