using SalesMate.Core.Entities;
using SalesMate.Vector;

namespace SalesMate.Services.Products;

/// <summary>Filters the catalog by hard criteria, ranks by features, rating, price fit and stock, and explains each pick.</summary>
public sealed class RecommendationEngine
{
    public IReadOnlyList<Recommendation> Recommend(CatalogSnapshot catalog, ProductCriteria criteria, int limit)
    {
        var candidates = new List<(Product Product, List<string> Matched)>();
        foreach (var product in catalog.Products)
        {
            if (Passes(product, criteria) && !criteria.ExcludedFeatures.Any(f => catalog.HasFeature(product, f)))
            {
                candidates.Add((product, criteria.Features.Where(f => catalog.HasFeature(product, f)).ToList()));
            }
        }
        if (candidates.Count == 0)
        {
            return [];
        }

        // Products that have every asked-for feature beat partial matches outright; partial ones are a fallback.
        var best = candidates.Max(c => c.Matched.Count);
        if (criteria.Features.Count > 0 && best == 0)
        {
            return [];
        }
        var scored = candidates
            .Where(c => c.Matched.Count == best)
            .Select(c => (c.Product, c.Matched, Score: Score(catalog, c.Product, c.Matched.Count, criteria)));
        var ordered = criteria.PriceOrder switch
        {
            PriceOrder.LowestFirst => scored.OrderBy(c => c.Product.Price).ThenByDescending(c => c.Score),
            PriceOrder.HighestFirst => scored.OrderByDescending(c => c.Product.Price).ThenByDescending(c => c.Score),
            _ => scored.OrderByDescending(c => c.Score).ThenBy(c => c.Product.Price),
        };
        return ordered
            .Take(limit)
            .Select(c => new Recommendation(c.Product, Math.Round(c.Score, 4), Explain(c.Product, c.Matched, criteria), c.Matched))
            .ToList();
    }

    private static bool Passes(Product p, ProductCriteria c) =>
        !c.Exclude.Contains(p.Id)
        && (c.Categories.Count == 0 || c.Categories.Contains(p.Category, StringComparer.OrdinalIgnoreCase))
        && (c.Brands.Count == 0 || c.Brands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase))
        && !c.ExcludedBrands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase)
        && (c.MinPrice is null || p.Price >= c.MinPrice)
        && (c.MaxPrice is null || p.Price <= c.MaxPrice)
        && (!c.InStockOnly || p.Stock > 0);

    private static double Score(CatalogSnapshot catalog, Product p, int matchedFeatures, ProductCriteria c)
    {
        var score = 3.0 * matchedFeatures;
        score += 0.8 * (double)(p.Rating ?? 3.5m) / 5.0;
        score += PriceFit(p.Price, c);
        score += 0.3 * c.PreferredFeatures.Count(f => catalog.HasFeature(p, f));
        score += c.PreferredBrands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase) ? 0.3 : 0;
        score += p.Stock > 0 ? 0.3 : -1.0;
        return score;
    }

    /// <summary>Near the target when there is one; otherwise the most capable (priciest) option under the ceiling fits best.</summary>
    private static double PriceFit(decimal price, ProductCriteria c)
    {
        if (c.TargetPrice is { } target && target > 0)
        {
            return 1.0 - Math.Min(1.0, (double)(Math.Abs(price - target) / target));
        }
        if (c.MaxPrice is { } max && max > 0)
        {
            return 0.6 * (double)(price / max);
        }
        return 0;
    }

    private static string Explain(Product p, List<string> matched, ProductCriteria c)
    {
        var parts = new List<string>();
        var featureEvidence = matched.Select(f => Evidence(p, f)).Distinct(StringComparer.OrdinalIgnoreCase).Take(3).ToList();
        if (featureEvidence.Count > 0)
        {
            parts.Add(string.Join(", ", featureEvidence));
        }
        // "Around $100" searches $85-$115: the shopper's figure is the $100, never the band's edge.
        if (c.TargetPrice is { } target && target > 0)
        {
            parts.Add(p.Price == target ? $"right on your {Money.Format(target, p.Currency)} budget"
                : p.Price < target ? $"{Money.Format(target - p.Price, p.Currency)} under your {Money.Format(target, p.Currency)} budget"
                : $"{Money.Format(p.Price - target, p.Currency)} over your {Money.Format(target, p.Currency)} budget");
        }
        else if (c.BudgetCeiling is { } max && max > 0)
        {
            parts.Add(p.Price <= max
                ? $"{Money.Format(max - p.Price, p.Currency)} under your {Money.Format(max, p.Currency)} budget"
                : $"{Math.Ceiling((p.Price - max) / max * 100)}% over your {Money.Format(max, p.Currency)} budget");
        }
        if (p.Rating is { } rating)
        {
            parts.Add($"rated {rating:0.0}/5");
        }
        parts.Add(p.Stock switch
        {
            0 => "currently out of stock",
            <= 3 => $"only {p.Stock} left in stock",
            _ => "in stock",
        });
        return string.Join("; ", parts);
    }

    /// <summary>The spec line or tag that shows a feature, e.g. "GPU: NVIDIA GeForce RTX 5060 8GB" for "rtx", "RAM: 32GB" for "32gb ram".</summary>
    private static string Evidence(Product p, string feature)
    {
        foreach (var (key, value) in p.Specs)
        {
            KeyValuePair<string, string> spec = new(key, value);
            var text = $" {Llm.Understanding.TextNormalizer.Normalize($"{CatalogSnapshot.SpecText(spec)} | {CatalogSnapshot.ValueThenKey(spec)}")} ";
            if (text.Contains($" {feature} ", StringComparison.Ordinal))
            {
                return $"{key}: {value}";
            }
        }
        return p.Tags.FirstOrDefault(t => $" {Llm.Understanding.TextNormalizer.Normalize(t)} ".Contains($" {feature} ", StringComparison.Ordinal))
               ?? feature;
    }
}
