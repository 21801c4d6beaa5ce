using System.Globalization;

namespace SalesMate.Services.Products;

public static class Money
{
    private const decimal Lakh = 100_000m;
    private const decimal Crore = 10_000_000m;

    /// <summary>en-IN digit grouping: 12,34,56,789 (three digits, then twos).</summary>
    private static readonly NumberFormatInfo IndianGrouping = new() { NumberGroupSeparator = ",", NumberDecimalSeparator = ".", NumberGroupSizes = [3, 2] };

    /// <summary>
    /// "$1,299.99", "$1,500", "€900" style amounts (whole amounts drop the decimals). Rupees are written the Indian way:
    /// "₹1.85 Cr", "₹95 L" when that is exact to two decimals, otherwise with Indian grouping ("₹1,29,999").
    /// </summary>
    public static string Format(decimal amount, string currency)
    {
        var code = currency.ToUpperInvariant();
        var symbol = code switch
        {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "INR" => "₹",
            "JPY" => "¥",
            _ => code + " ",
        };
        var rounded = Math.Round(amount, 2);
        if (code == "INR")
        {
            return (rounded < 0 ? "-" : "") + symbol + Rupees(Math.Abs(rounded));
        }
        return symbol + Number(rounded, NumberFormatInfo.InvariantInfo);
    }

    private static string Rupees(decimal amount)
    {
        if (amount >= Crore && Exact(amount / Crore) is { } crores)
        {
            return crores + " Cr";
        }
        if (amount >= Lakh && Exact(amount / Lakh) is { } lakhs)
        {
            return lakhs + " L";
        }
        return Number(amount, IndianGrouping);
    }

    /// <summary>The value with at most two decimals ("1.85", "95"), or null when that would round it.</summary>
    private static string? Exact(decimal value) =>
        Math.Round(value, 2) == value ? value.ToString("0.##", CultureInfo.InvariantCulture) : null;

    private static string Number(decimal amount, NumberFormatInfo format) =>
        amount == Math.Truncate(amount) ? amount.ToString("#,0", format) : amount.ToString("#,0.00", format);
}
