using SalesMate.Core.Entities;
using SalesMate.Services.Products;

namespace SalesMate.Services.Llm.Flow;

/// <summary>One price range of a category and how many of its products fall in it; a null bound is open.</summary>
public sealed record PriceBand(decimal? Min, decimal? Max, int Count)
{
    public string Label(string currency) => (Min, Max) switch
    {
        (null, { } max) => $"under {Money.Format(max, currency)}",
        ({ } min, { } max) => $"between {Money.Format(min, currency)} and {Money.Format(max, currency)}",
        ({ } min, null) => $"over {Money.Format(min, currency)}",
        _ => "any price",
    };
}

/// <summary>
/// A category's prices cut into three ranges at round numbers near its thirds, so "which budget?" can be asked with
/// concrete choices the catalog actually fills.
/// </summary>
public static class PriceBands
{
    public static IReadOnlyList<PriceBand> Of(IEnumerable<Product> products)
    {
        var prices = products.Select(p => p.Price).Order().ToList();
        if (prices.Count < 3)
        {
            return [];
        }
        var low = Round(prices[prices.Count / 3]);
        var high = Round(prices[prices.Count * 2 / 3]);
        if (low >= high || low <= prices[0] || high > prices[^1])
        {
            return [];
        }
        PriceBand Band(decimal? min, decimal? max) =>
            new(min, max, prices.Count(p => (min is null || p >= min) && (max is null || p <= max)));
        var bands = new[] { Band(null, low), Band(low, high), Band(high, null) };
        return bands.All(b => b.Count > 0) ? bands : [];
    }

    /// <summary>Two significant figures: 847 -> 850, 1,299 -> 1,300, 64.99 -> 65.</summary>
    private static decimal Round(decimal price)
    {
        var step = 1m;
        while (price / step >= 100)
        {
            step *= 10;
        }
        return Math.Round(price / step, MidpointRounding.AwayFromZero) * step;
    }
}
