using SalesMate.Core.Entities;
using SalesMate.Services.Rag;
using SalesMate.Vector;

namespace SalesMate.Services.Products;

/// <summary>Seed 001's three kinds of budget alternative.</summary>
public enum AlternativeKind
{
    /// <summary>10-20 % less than the reference, same category.</summary>
    Cheaper,

    /// <summary>10-15 % more than the reference, same category.</summary>
    BetterValue,

    /// <summary>A similar budget (within 10 %) in another category, or in another location of the same category.</summary>
    Elsewhere,
}

/// <summary>A price band around a reference price: [<see cref="Min"/>, <see cref="Max"/>] in the catalog's currency.</summary>
public sealed record AlternativeBand(AlternativeKind Kind, decimal Reference, decimal Min, decimal Max)
{
    /// <summary>"10-20% less", "10-15% more", "within 10%".</summary>
    public string Label => Kind switch
    {
        AlternativeKind.Cheaper => "10-20% less",
        AlternativeKind.BetterValue => "10-15% more",
        _ => "within 10%",
    };

    public bool Contains(decimal price) => price >= Min && price <= Max;
}

/// <summary>What to find alternatives to: a reference price (and product), within the shopper's other criteria.</summary>
public sealed record AlternativesRequest(decimal ReferencePrice)
{
    /// <summary>The product the shopper looked at; alternatives are ranked by similarity to it and never include it.</summary>
    public Product? Reference { get; init; }

    /// <summary>Categories, brands, features and stock filter still in force (price fields are replaced by the bands).</summary>
    public ProductCriteria Criteria { get; init; } = new();

    public IReadOnlySet<Guid> Exclude { get; init; } = new HashSet<Guid>();
}

/// <summary>One alternative: the catalog product (its real price), the band it is in and how far from the reference it is.</summary>
public sealed record BudgetAlternative(Recommendation Pick, AlternativeBand Band, int PercentFromReference, bool InBand)
{
    /// <summary>"12% less than $999, in the cheaper range (10-20% less)", "35% less than $999, outside the cheaper range (10-20% less)".</summary>
    public string Explain(string currency)
    {
        var direction = PercentFromReference < 0 ? $"{-PercentFromReference}% less than" : PercentFromReference > 0 ? $"{PercentFromReference}% more than" : "the same price as";
        var band = Band.Kind switch
        {
            AlternativeKind.Cheaper => "cheaper",
            AlternativeKind.BetterValue => "better-value",
            _ => "similar-budget",
        };
        return $"{direction} {Money.Format(Band.Reference, currency)}, {(InBand ? "in" : "outside")} the {band} range ({Band.Label})";
    }
}

/// <summary>Alternatives of each kind, best first; <see cref="Nearest"/> is set only when its band was empty.</summary>
public sealed record AlternativeSet(AlternativeBand Band, IReadOnlyList<BudgetAlternative> InBand, BudgetAlternative? Nearest);

/// <summary>
/// Seed 001's get_budget_alternatives over a catalog snapshot: cheaper (10-20 % less), better value (10-15 % more) and
/// similar budget elsewhere (another category, or another location). Candidates in a band pass the shopper's hard
/// criteria through <see cref="RecommendationEngine"/>, and are ranked by fusing (reciprocal rank fusion, as product
/// retrieval does) the engine's ranking with the catalog BM25 ranking of products similar to the reference. Prices are
/// only ever the catalog's; an empty band says so, with the nearest product outside it labelled as such.
/// </summary>
public sealed class BudgetAlternatives(RecommendationEngine engine)
{
    public const decimal CheaperLow = 0.80m, CheaperHigh = 0.90m;
    public const decimal BetterLow = 1.10m, BetterHigh = 1.15m;
    public const decimal SimilarLow = 0.90m, SimilarHigh = 1.10m;

    /// <summary>How many BM25 neighbours of the reference count as "similar" for the elsewhere kind.</summary>
    private const int SimilarNeighbours = 12;

    public static AlternativeBand BandOf(AlternativeKind kind, decimal reference) => kind switch
    {
        AlternativeKind.Cheaper => new(kind, reference, Math.Round(reference * CheaperLow, 2), Math.Round(reference * CheaperHigh, 2)),
        AlternativeKind.BetterValue => new(kind, reference, Math.Round(reference * BetterLow, 2), Math.Round(reference * BetterHigh, 2)),
        _ => new(kind, reference, Math.Round(reference * SimilarLow, 2), Math.Round(reference * SimilarHigh, 2)),
    };

    public AlternativeSet Find(CatalogSnapshot catalog, AlternativesRequest request, AlternativeKind kind, int limit)
    {
        var band = BandOf(kind, request.ReferencePrice);
        var exclude = request.Exclude.Union(request.Reference is { } r ? [r.Id] : []).ToHashSet();
        if (kind == AlternativeKind.Elsewhere)
        {
            return Elsewhere(catalog, request, band, exclude, limit);
        }
        var criteria = request.Criteria with
        {
            Categories = Categories(request),
            MinPrice = band.Min,
            MaxPrice = band.Max,
            TargetPrice = null,
            Exclude = exclude,
        };
        var inBand = Ranked(catalog, request, criteria, limit);
        if (inBand.Count > 0)
        {
            return new AlternativeSet(band, inBand.Select(p => Alternative(p, band)).ToList(), null);
        }
        // Nothing in the band: the closest product on the asked side of the reference, clearly outside the band.
        var beyond = kind == AlternativeKind.Cheaper
            ? criteria with { MinPrice = null, MaxPrice = Math.Round(request.ReferencePrice - 0.01m, 2), TargetPrice = band.Min }
            : criteria with { MinPrice = Math.Round(request.ReferencePrice + 0.01m, 2), MaxPrice = null, TargetPrice = band.Max };
        var nearest = engine.Recommend(catalog, beyond, 50)
            .OrderBy(p => Math.Abs(p.Product.Price - (beyond.TargetPrice ?? 0))).FirstOrDefault();
        return new AlternativeSet(band, [], nearest is null ? null : Alternative(nearest, band));
    }

    /// <summary>Similar products at a similar budget in another category, or in the same category but another location.</summary>
    private AlternativeSet Elsewhere(CatalogSnapshot catalog, AlternativesRequest request, AlternativeBand band, HashSet<Guid> exclude, int limit)
    {
        var reference = request.Reference;
        var categories = Categories(request);
        var location = reference is null ? null : LocationOf(reference);
        bool Elsewhere(Product p) =>
            !exclude.Contains(p.Id) && band.Contains(p.Price) && (!request.Criteria.InStockOnly || p.Stock > 0)
            && !request.Criteria.ExcludedBrands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase)
            && !request.Criteria.ExcludedFeatures.Any(f => catalog.HasFeature(p, f))
            && (categories.Count == 0
                || !categories.Contains(p.Category, StringComparer.OrdinalIgnoreCase)
                || (location is not null && LocationOf(p) is { } other && !string.Equals(other, location, StringComparison.OrdinalIgnoreCase)));
        var query = reference is null ? string.Join(' ', request.Criteria.Features) : UseText(reference);
        if (string.IsNullOrWhiteSpace(query))
        {
            return new AlternativeSet(band, [], null);
        }
        var similar = catalog.Search(query, SimilarNeighbours, Elsewhere);
        var picks = similar.Take(limit)
            .Select(h => new Recommendation(h.Product, Math.Round(h.Score, 4), "", request.Criteria.Features.Where(f => catalog.HasFeature(h.Product, f)).ToList()))
            .ToList();
        return new AlternativeSet(band, picks.Select(p => Alternative(p, band)).ToList(), null);
    }

    /// <summary>The engine's picks in the band, re-ranked by fusing the engine's order with similarity to the reference.</summary>
    private List<Recommendation> Ranked(CatalogSnapshot catalog, AlternativesRequest request, ProductCriteria criteria, int limit)
    {
        var picks = engine.Recommend(catalog, criteria, 50).ToList();
        if (picks.Count == 0 && criteria.Features.Count > 0)
        {
            picks = engine.Recommend(catalog, criteria with { Features = [] }, 50).ToList();
        }
        if (request.Reference is null || picks.Count < 2)
        {
            return picks.Take(limit).ToList();
        }
        var candidates = picks.Select(p => p.Product.Id).ToHashSet();
        var similar = catalog.Search(SimilarityText(request.Reference), picks.Count, p => candidates.Contains(p.Id)).Select(h => h.Product.Id).ToList();
        var byId = picks.ToDictionary(p => p.Product.Id);
        return ReciprocalRankFusion.Fuse(ReciprocalRankFusion.DefaultK, picks.Select(p => p.Product.Id).ToList(), similar)
            .Take(limit).Select(f => byId[f.Item]).ToList();
    }

    private static IReadOnlyList<string> Categories(AlternativesRequest request) =>
        request.Criteria.Categories.Count > 0 ? request.Criteria.Categories
        : request.Reference is { } reference ? [reference.Category]
        : [];

    private static BudgetAlternative Alternative(Recommendation pick, AlternativeBand band)
    {
        var percent = band.Reference == 0 ? 0 : (int)Math.Round((pick.Product.Price - band.Reference) / band.Reference * 100m, MidpointRounding.AwayFromZero);
        var alternative = new BudgetAlternative(pick, band, percent, band.Contains(pick.Product.Price));
        var reason = alternative.Explain(pick.Product.Currency);
        return alternative with { Pick = pick with { Reason = pick.Reason is { Length: > 0 } why ? $"{reason}; {why}" : reason } };
    }

    /// <summary>What "similar to the reference" searches for in its category: its name, brand and tags (not every spec line).</summary>
    private static string SimilarityText(Product p) => $"{p.Name} {p.Brand} {string.Join(' ', p.Tags)}";

    /// <summary>What it is for, to find the same use in other categories: its tags and description, not its name or brand.</summary>
    private static string UseText(Product p) => $"{string.Join(' ', p.Tags)} {p.Description}";

    /// <summary>A product's location (real-estate catalogs: a Location or Locality spec), if it has one.</summary>
    public static string? LocationOf(Product p) =>
        p.Specs.FirstOrDefault(s => s.Key.Equals("location", StringComparison.OrdinalIgnoreCase) || s.Key.Equals("locality", StringComparison.OrdinalIgnoreCase))
            .Value is { Length: > 0 } value ? value.Trim() : null;
}
