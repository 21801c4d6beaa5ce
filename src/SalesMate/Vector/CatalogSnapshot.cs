using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Vector;

/// <summary>One tenant's catalog at one version: the products, their search index and the vocabulary the parser uses.</summary>
public sealed class CatalogSnapshot
{
    private readonly Bm25Index _index;
    private readonly Dictionary<Guid, int> _positions;

    public CatalogSnapshot(Guid tenantId, long version, IReadOnlyList<Product> products, string currency)
    {
        TenantId = tenantId;
        Version = version;
        Products = products;
        Currency = currency;
        _positions = products.Select((p, i) => (p.Id, i)).ToDictionary(x => x.Id, x => x.i);
        FeatureText = products.Select(FeatureTextOf).ToArray();
        _index = new Bm25Index(products.Select(Fields).ToList());
        Vocabulary = CatalogVocabulary.Build(products, currency);
        Parser = new QueryParser(Vocabulary);
        Categories = products.GroupBy(p => p.Category, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Key).Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public Guid TenantId { get; }
    public long Version { get; }
    public string Currency { get; }
    public IReadOnlyList<Product> Products { get; }
    public IReadOnlyList<string> Categories { get; }
    public CatalogVocabulary Vocabulary { get; }
    public QueryParser Parser { get; }

    /// <summary>Normalised " name brand category tags spec-keys spec-values " per product, padded with spaces for whole-phrase matching.</summary>
    public IReadOnlyList<string> FeatureText { get; }

    public Product? Find(Guid id) => _positions.TryGetValue(id, out var i) ? Products[i] : null;

    public string FeatureTextOf(int position) => FeatureText[position];

    public int PositionOf(Guid id) => _positions[id];

    /// <summary>BM25 over name, brand, category, tags, specs and description: the best <paramref name="limit"/>, best first.</summary>
    public IReadOnlyList<(Product Product, double Score)> Search(string query, int limit, Func<Product, bool>? filter = null) =>
        _index.Top(query, limit, filter is null ? null : doc => filter(Products[doc]))
            .Select(hit => (Products[hit.Doc], hit.Score))
            .ToList();

    /// <summary>True when every word of the normalised phrase appears, in order, in the product's feature text.</summary>
    public bool HasFeature(Product product, string phrase) =>
        FeatureText[_positions[product.Id]].Contains($" {phrase} ", StringComparison.Ordinal);

    private static string FeatureTextOf(Product p) =>
        $" {TextNormalizer.Normalize(string.Join(" | ", [p.Name, p.Brand, p.Category, .. p.Tags, .. p.Specs.Select(SpecText), .. p.Specs.Select(ValueThenKey)]))} ";

    /// <summary>"RAM: 32GB" also as "32GB RAM", the way shoppers say it; only short values, which read as a feature that way.</summary>
    internal static string ValueThenKey(KeyValuePair<string, string> spec) =>
        SpecText(spec) is { Length: > 0 } text && text != spec.Key && spec.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 2
            ? $"{spec.Value} {spec.Key}"
            : "";

    /// <summary>"Noise Cancelling: Yes" reads as the feature, "Noise Cancelling: No" as nothing at all.</summary>
    internal static string SpecText(KeyValuePair<string, string> spec) => spec.Value.Trim().ToLowerInvariant() switch
    {
        "yes" or "true" => spec.Key,
        "no" or "none" or "false" or "n/a" or "-" => "",
        _ => $"{spec.Key} {spec.Value}",
    };

    private static IEnumerable<(string, float)> Fields(Product p)
    {
        yield return (p.Name, 3f);
        yield return (p.Brand, 2f);
        yield return (p.Category, 2f);
        yield return (string.Join(' ', p.Tags), 2f);
        yield return (string.Join(' ', p.Specs.Values), 1f);
        yield return (p.Description, 1f);
    }
}
