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
        decimal? Rate(string code) => rates.TryGetValue(code, out var rate) ? rate : code.Equals("USD", StringComparison.OrdinalIgnoreCase) ? 1m : null;
        return Rate(from) is { } fromRate && Rate(to) is { } toRate && toRate > 0
            ? Math.Round(amount * fromRate / toRate, 2)
            : null;
    }
}
