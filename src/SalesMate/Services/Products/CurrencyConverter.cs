using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Products;

/// <summary>Converts a shopper's budget into the catalog's currency with the configured rates (currency.usd_rates).</summary>
public sealed class CurrencyConverter(IOptions<CurrencyOptions> options)
{
    public decimal? Convert(decimal amount, string from, string to)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return amount;
        }
        var rates = options.Value.UsdRates;
        return rates.TryGetValue(from, out var fromRate) && rates.TryGetValue(to, out var toRate) && toRate > 0
            ? Math.Round(amount * fromRate / toRate, 2)
            : null;
    }
}
