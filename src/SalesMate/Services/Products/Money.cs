using System.Globalization;

namespace SalesMate.Services.Products;

public static class Money
{
    /// <summary>"$1,299.99", "$1,500", "₹1,50,000" style amounts (whole amounts drop the decimals).</summary>
    public static string Format(decimal amount, string currency)
    {
        var symbol = currency.ToUpperInvariant() switch
        {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "INR" => "₹",
            "JPY" => "¥",
            var code => code + " ",
        };
        var rounded = Math.Round(amount, 2);
        var number = rounded == Math.Truncate(rounded)
            ? rounded.ToString("#,0", CultureInfo.InvariantCulture)
            : rounded.ToString("#,0.00", CultureInfo.InvariantCulture);
        return symbol + number;
    }
}
