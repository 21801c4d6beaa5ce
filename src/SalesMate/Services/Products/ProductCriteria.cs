using SalesMate.Core.Entities;
namespace SalesMate.Services.Products;

/// <summary>What a recommendation must satisfy (hard filters) and what it should prefer (soft preferences). Prices are in the catalog's currency.</summary>
public sealed record ProductCriteria
{
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];

    /// <summary>Brands the shopper ruled out: never recommended.</summary>
    public IReadOnlyList<string> ExcludedBrands { get; init; } = [];

    /// <summary>Normalised feature phrases; products matching all of them win, partial matches are kept when none match all.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Normalised feature phrases the shopper ruled out: a product with any of them is never recommended.</summary>
    public IReadOnlyList<string> ExcludedFeatures { get; init; } = [];
    public decimal? MinPrice { get; init; }
    public decimal? MaxPrice { get; init; }
    public decimal? TargetPrice { get; init; }
    public bool InStockOnly { get; init; }
    public IReadOnlySet<Guid> Exclude { get; init; } = new HashSet<Guid>();

    /// <summary>Soft preferences (e.g. the shopper persona's key features and brands): a small boost, never a filter.</summary>
    public IReadOnlyList<string> PreferredFeatures { get; init; } = [];
    public IReadOnlyList<string> PreferredBrands { get; init; } = [];

    /// <summary>The shopper's budget ceiling, used to explain prices relative to it; differs from MaxPrice for follow-ups and alternatives.</summary>
    public decimal? BudgetCeiling { get; init; }

    public string Currency { get; init; } = "USD";

    /// <summary>Relevance, or by price for "cheapest laptop" / "most expensive headphones".</summary>
    public PriceOrder PriceOrder { get; init; }
}

public sealed record Recommendation(Product Product, double Score, string Reason, IReadOnlyList<string> MatchedFeatures);
