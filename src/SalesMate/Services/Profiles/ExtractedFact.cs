using System.Globalization;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Profiles;

/// <summary>One fact found in a message: a <see cref="ProfileFactKinds"/> kind and its value as it will be stored.</summary>
public sealed record ExtractedFact(string Kind, string Value);

/// <summary>What one message taught us, and whether the model or the rules found it.</summary>
public sealed record FactExtraction(IReadOnlyList<ExtractedFact> Facts, string Source)
{
    public static readonly FactExtraction Empty = new([], ProfileFactSources.Rules);
}

/// <summary>Budget facts are stored as "{amount} {currency}" (invariant culture) so they can be read back as numbers.</summary>
public static class BudgetValue
{
    public static string Format(decimal amount, string currency) =>
        $"{decimal.Round(amount, 2).ToString("0.##", CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";

    public static bool TryParse(string value, out decimal amount, out string currency)
    {
        var parts = value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        currency = parts.Length == 2 ? parts[1].ToUpperInvariant() : "";
        return decimal.TryParse(parts.Length > 0 ? parts[0] : "", NumberStyles.Number, CultureInfo.InvariantCulture, out amount)
               && amount >= 0 && currency.Length == 3;
    }
}
