using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;
using Args = System.Collections.Generic.IDictionary<string, object?>;

namespace SalesMate.Services.Llm.Responders;

/// <summary><c>search_products</c>: the model's filters plus the shopper's ruled-out brands and features, in the asked order.</summary>
internal sealed partial class CatalogTools
{
    /// <summary>BM25 hits ranked by price are the cheapest (dearest) of this many best matches, not of the first few.</summary>
    private const int PriceOrderedPool = 50;

    private static readonly Dictionary<string, PriceOrder> Sorts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["relevance"] = PriceOrder.Relevance,
        ["price_asc"] = PriceOrder.LowestFirst,
        ["price_desc"] = PriceOrder.HighestFirst,
    };

    private ShopperConstraints Constraints => constraints ?? ShopperConstraints.None;

    private (object, IReadOnlyList<Recommendation>) Search(Args? args)
    {
        var sort = ToolArguments.String(args, "sort");
        if (sort is not null && !Sorts.ContainsKey(sort))
        {
            return (new { error = $"Unknown sort: {sort}. Use price_asc (cheapest first), price_desc (most expensive first) or relevance." }, []);
        }
        var query = ToolArguments.String(args, "query");
        var parsed = query is null ? null : catalog.Parser.Parse(query);
        var criteria = Criteria(args, parsed) with { PriceOrder = OrderOf(sort, parsed) };

        // Structured criteria go to the recommendation engine; a query the rules cannot read (a model name, a use) and
        // a search the engine finds nothing for go to BM25 over the same snapshot, within the same hard filters.
        var picks = parsed is { IsVague: true } ? [] : engine.Recommend(catalog, criteria, limit);
        if (picks.Count == 0 && query is not null)
        {
            picks = TextSearch(query, criteria);
        }
        var asked = criteria.Features.Count > 0;
        return (new
        {
            currency = catalog.Currency,
            count = picks.Count,
            sort = criteria.PriceOrder == PriceOrder.Relevance ? null : Sorts.First(s => s.Value == criteria.PriceOrder).Key,
            excluded_brands = criteria.ExcludedBrands.Count > 0 ? criteria.ExcludedBrands : null,
            excluded_features = criteria.ExcludedFeatures.Count > 0 ? criteria.ExcludedFeatures : null,
            products = picks.Select(r => Fact(r.Product, r.Reason, asked ? r.MatchedFeatures : null, brief: true)).ToList(),
            note = picks.Count == 0 ? "No catalog product matches these filters. Say so; do not suggest products that are not listed." : null,
        }, picks);
    }

    private ProductCriteria Criteria(Args? args, ParsedQuery? parsed)
    {
        var budget = parsed?.Budget is { } b && string.Equals(b.Currency, catalog.Currency, StringComparison.OrdinalIgnoreCase) ? b : null;
        var category = ToolArguments.String(args, "category");
        var brand = ToolArguments.String(args, "brand");
        var max = ToolArguments.Number(args, "max_price") ?? budget?.Max;
        var excludedFeatures = Constraints.ExcludedFeatures.Concat(parsed?.ExcludedFeatures ?? [])
            .Union(Features(args, "exclude_features")).ToList();
        return new ProductCriteria
        {
            Currency = catalog.Currency,
            Categories = category is null ? parsed?.Categories ?? [] : [Canonical(category, catalog.Categories, q => catalog.Parser.Parse(q).Categories)],
            Brands = brand is null ? parsed?.Brands ?? [] : [Brand(brand)],
            ExcludedBrands = [.. Constraints.ExcludedBrands.Concat(parsed?.ExcludedBrands ?? [])
                .Concat(ToolArguments.List(args, "exclude_brands").Select(Brand)).Distinct(StringComparer.OrdinalIgnoreCase)],
            Features = [.. Features(args, "features").Union(parsed?.Features ?? []).Except(excludedFeatures)],
            ExcludedFeatures = excludedFeatures,
            MinPrice = ToolArguments.Number(args, "min_price") ?? budget?.Min,
            MaxPrice = max,
            BudgetCeiling = max,
            TargetPrice = budget?.Target,
            InStockOnly = ToolArguments.Bool(args, "in_stock") ?? parsed?.InStockOnly ?? false,
            PreferredFeatures = shopper?.KeyFeatures.Select(TextNormalizer.Normalize).ToList() ?? [],
            PreferredBrands = shopper?.PreferredBrands ?? [],
        };
    }

    /// <summary>The model's sort, else an order its query asks for ("cheapest laptop"), else the shopper's (this message or remembered).</summary>
    private PriceOrder OrderOf(string? sort, ParsedQuery? parsed) =>
        sort is not null ? Sorts[sort]
        : parsed is { PriceOrder: not PriceOrder.Relevance } ? parsed.PriceOrder
        : Constraints.PriceOrder;

    private List<Recommendation> TextSearch(string query, ProductCriteria criteria)
    {
        var hits = catalog.Search(query, criteria.PriceOrder == PriceOrder.Relevance ? limit : PriceOrderedPool, p => Passes(p, criteria));
        var ordered = criteria.PriceOrder switch
        {
            PriceOrder.LowestFirst => hits.OrderBy(h => h.Product.Price),
            PriceOrder.HighestFirst => hits.OrderByDescending(h => h.Product.Price),
            _ => hits.AsEnumerable(),
        };
        return ordered.Take(limit)
            .Select(h => new Recommendation(h.Product, Math.Round(h.Score, 4), StockAndRating(h.Product),
                criteria.Features.Where(f => catalog.HasFeature(h.Product, f)).ToList()))
            .ToList();
    }

    private string Brand(string name) => Canonical(name, catalog.Vocabulary.Brands, q => catalog.Parser.Parse(q).Brands);

    private static IEnumerable<string> Features(Args? args, string name) =>
        ToolArguments.List(args, name).Select(TextNormalizer.Normalize).Where(f => f.Length > 0);

    private bool Passes(Product p, ProductCriteria c) =>
        (c.Categories.Count == 0 || c.Categories.Contains(p.Category, StringComparer.OrdinalIgnoreCase))
        && (c.Brands.Count == 0 || c.Brands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase))
        && !c.ExcludedBrands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase)
        && !c.ExcludedFeatures.Any(f => catalog.HasFeature(p, f))
        && (c.MinPrice is null || p.Price >= c.MinPrice)
        && (c.MaxPrice is null || p.Price <= c.MaxPrice)
        && (!c.InStockOnly || p.Stock > 0);
}
