using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;
using SalesMate.Vector;
using Args = System.Collections.Generic.IDictionary<string, object?>;

namespace SalesMate.Services.Llm.Responders;

/// <summary>One executed tool call: what goes back to the model, and the catalog products it returned.</summary>
internal sealed record ToolOutcome(FunctionResultContent Result, IReadOnlyList<Recommendation> Products);

/// <summary>
/// Runs the model's tool calls against one catalog snapshot, with the same search the API and the local responder use
/// (<see cref="RecommendationEngine"/> for structured criteria, the snapshot's BM25 index for free text). Results are
/// compact JSON of catalog facts, fenced as untrusted data; the products are kept as <see cref="Recommendation"/>s so
/// the cards the client shows are exactly what the tools returned.
/// </summary>
internal sealed partial class CatalogTools(
    CatalogSnapshot catalog, RecommendationEngine engine, ShopperPersona? shopper, int limit, ShopperConstraints? constraints = null)
{
    private const int MaxCompared = 5;
    private readonly BudgetAlternatives _alternatives = new(engine);

    /// <summary>
    /// The default encoder escapes &lt; and &gt; (as \u003C, \u003E), so text from the database can never close the
    /// &lt;catalog_data&gt; fence it is wrapped in.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Default,
    };

    public ToolOutcome Execute(FunctionCallContent call)
    {
        var (payload, products) = call.Name switch
        {
            CatalogToolDeclarations.SearchProducts => Search(call.Arguments),
            CatalogToolDeclarations.GetProduct => Get(call.Arguments),
            CatalogToolDeclarations.CompareProducts => Compare(call.Arguments),
            CatalogToolDeclarations.GetBudgetAlternatives => Alternatives(call.Arguments),
            _ => (new { error = $"Unknown tool '{call.Name}'. Use search_products, get_product, compare_products or get_budget_alternatives." }, []),
        };
        return new ToolOutcome(new FunctionResultContent(call.CallId, FencedJson.Write<object>(call.Name, payload, Json)), products);
    }

    /// <summary>Catalog products serialised the way tool results do, fenced (for the prompt's "last shown" block).</summary>
    public static string FencedProducts(string source, IEnumerable<Product> products) =>
        FencedJson.Write(source, products.Select((p, i) => Fact(p, null, null, brief: true) with { Position = i + 1 }), Json);

    private (object, IReadOnlyList<Recommendation>) Get(Args? args)
    {
        var key = ToolArguments.String(args, "id_or_sku");
        if (key is null || Find(key) is not { } product)
        {
            return (new { error = $"No product with id or SKU '{key}'. Use search_products to find it." }, []);
        }
        return (new { product = Fact(product, null, null, brief: false) }, [new Recommendation(product, 1, "you asked about it", [])]);
    }

    private (object, IReadOnlyList<Recommendation>) Compare(Args? args)
    {
        var keys = ToolArguments.List(args, "ids");
        var found = keys.Select(k => (Key: k, Product: Find(k))).ToList();
        var products = found.Select(f => f.Product).OfType<Product>().DistinctBy(p => p.Id).Take(MaxCompared).ToList();
        var missing = found.Where(f => f.Product is null).Select(f => f.Key).ToList();
        return (new
        {
            products = products.Select(p => Fact(p, null, null, brief: false)).ToList(),
            not_found = missing.Count > 0 ? missing : null,
            note = products.Count < 2 ? "Fewer than two of these products exist; compare only what is listed." : null,
        }, products.Select(p => new Recommendation(p, 1, "compared", [])).ToList());
    }

    /// <summary>Seed 001's budget alternatives around a product or a price, band by band, each saying which band it is in.</summary>
    private (object, IReadOnlyList<Recommendation>) Alternatives(Args? args)
    {
        var key = ToolArguments.String(args, "id_or_sku");
        var reference = key is null ? null : Find(key);
        if (key is not null && reference is null)
        {
            return (new { error = $"No product with id or SKU '{key}'. Use search_products to find it." }, []);
        }
        if ((reference?.Price ?? ToolArguments.Number(args, "price")) is not { } price || price <= 0)
        {
            return (new { error = "Give id_or_sku of the product to find alternatives to, or a reference price above zero." }, []);
        }
        var category = ToolArguments.String(args, "category");
        var criteria = new ProductCriteria
        {
            Currency = catalog.Currency,
            Categories = category is null ? [] : [Canonical(category, catalog.Categories, q => catalog.Parser.Parse(q).Categories)],
            ExcludedBrands = Constraints.ExcludedBrands,
            ExcludedFeatures = Constraints.ExcludedFeatures,
            InStockOnly = ToolArguments.Bool(args, "in_stock") ?? false,
            PreferredFeatures = shopper?.KeyFeatures.Select(TextNormalizer.Normalize).ToList() ?? [],
            PreferredBrands = shopper?.PreferredBrands ?? [],
        };
        AlternativeKind[] kinds = ToolArguments.String(args, "kind") switch
        {
            "cheaper" => [AlternativeKind.Cheaper],
            "better_value" => [AlternativeKind.BetterValue],
            "similar" => [AlternativeKind.Elsewhere],
            _ => [AlternativeKind.Cheaper, AlternativeKind.BetterValue, AlternativeKind.Elsewhere],
        };
        var request = new AlternativesRequest(price) { Reference = reference, Criteria = criteria };
        var sets = kinds.Select(kind => _alternatives.Find(catalog, request, kind, limit)).ToList();
        var products = sets.SelectMany(s => s.InBand.Concat(s.Nearest is { } nearest ? [nearest] : [])).Select(a => a.Pick)
            .DistinctBy(p => p.Product.Id).ToList();
        return (new
        {
            currency = catalog.Currency,
            reference = reference is null ? null : Fact(reference, null, null, brief: true),
            reference_price = price,
            bands = sets.Select(s => new
            {
                kind = s.Band.Kind switch { AlternativeKind.Cheaper => "cheaper", AlternativeKind.BetterValue => "better_value", _ => "similar" },
                label = s.Band.Label,
                min_price = s.Band.Min,
                max_price = s.Band.Max,
                products = s.InBand.Select(a => Fact(a.Pick.Product, a.Pick.Reason, null, brief: true)).ToList(),
                nearest_outside_band = s.Nearest is { } n ? Fact(n.Pick.Product, n.Pick.Reason, null, brief: true) : null,
                note = s.InBand.Count == 0
                    ? "No catalog product is in this band. Say so plainly; never present another product as being in it."
                    : null,
            }).ToList(),
        }, products);
    }

    private Product? Find(string key) =>
        (Guid.TryParse(key, out var id) ? catalog.Find(id) : null)
        ?? catalog.Products.FirstOrDefault(p => string.Equals(p.Sku, key, StringComparison.OrdinalIgnoreCase))
        ?? catalog.Products.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));

    private static string Canonical(string value, IEnumerable<string> known, Func<string, IReadOnlyList<string>> parse) =>
        known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase))
        ?? (parse(value) is [var parsed, ..] ? parsed : value);

    private static string StockAndRating(Product p) =>
        (p.Rating is { } rating ? $"rated {rating:0.0}/5; " : "") + p.Stock switch
        {
            0 => "currently out of stock",
            <= 3 => $"only {p.Stock} left in stock",
            _ => "in stock",
        };

    private static ProductFact Fact(Product p, string? why, IReadOnlyList<string>? matched, bool brief) => new(
        p.Id, p.Sku, p.Name, p.Brand, p.Category, p.Price, p.Currency, p.Stock, p.Rating,
        p.Specs.Take(brief ? 8 : 24).ToDictionary(s => s.Key, s => s.Value),
        brief ? null : p.Tags,
        Truncate(p.Description, brief ? 160 : 600),
        why, matched);

    private static string? Truncate(string text, int max) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Length <= max ? text : text[..max].TrimEnd() + "…";

    private sealed record ProductFact(
        Guid Id, string Sku, string Name, string Brand, string Category, decimal Price, string Currency, int Stock, decimal? Rating,
        Dictionary<string, string> Specs, IReadOnlyList<string>? Tags, string? Description, string? Why,
        IReadOnlyList<string>? MatchedFeatures)
    {
        public int? Position { get; init; }
    }
}
