using System.Text.RegularExpressions;

namespace SalesMate.Services.Products;

/// <summary>One product as read from an import file, before validation.</summary>
public sealed record ProductInput
{
    public string? Sku { get; init; }
    public string? Name { get; init; }
    public string? Brand { get; init; }
    public string? Category { get; init; }
    public string? Price { get; init; }
    public string? Currency { get; init; }
    public string? Stock { get; init; }
    public string? Rating { get; init; }
    public string? Description { get; init; }
    public Dictionary<string, string> Specs { get; init; } = [];
    public List<string> Tags { get; init; } = [];
}

/// <summary>A row of an import file: where it was, what it said, and what is wrong with it.</summary>
public sealed record ImportRow(int Line, ProductInput Input, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

public static partial class ProductRules
{
    public const int MaxName = 200;
    public const int MaxBrand = 100;
    public const int MaxCategory = 100;
    public const int MaxDescription = 4000;
    public const decimal MaxPrice = 1_000_000_000m;

    public static List<string> Validate(ProductInput p)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(p.Sku))
        {
            errors.Add("sku is required");
        }
        else if (!IsValidSku(p.Sku))
        {
            errors.Add($"sku '{p.Sku}' must be 1-64 letters, digits, '-', '_' or '.'");
        }
        Required(errors, "name", p.Name, MaxName);
        Required(errors, "brand", p.Brand, MaxBrand);
        Required(errors, "category", p.Category, MaxCategory);
        if (!decimal.TryParse(p.Price, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var price)
            || price < 0 || price > MaxPrice)
        {
            errors.Add($"price must be a number from 0 to 1000000000; got '{p.Price}'");
        }
        if (p.Currency is not { Length: 3 } || !p.Currency.All(char.IsAsciiLetter))
        {
            errors.Add($"currency must be a 3-letter ISO code such as USD; got '{p.Currency}'");
        }
        if (!int.TryParse(p.Stock, out var stock) || stock < 0)
        {
            errors.Add($"stock must be a whole number >= 0; got '{p.Stock}'");
        }
        if (!string.IsNullOrWhiteSpace(p.Rating) &&
            (!decimal.TryParse(p.Rating, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var rating)
             || rating < 0 || rating > 5))
        {
            errors.Add($"rating must be a number from 0 to 5; got '{p.Rating}'");
        }
        if (p.Description is { Length: > MaxDescription })
        {
            errors.Add($"description must be at most {MaxDescription} characters");
        }
        if (p.Specs.Count > 50 || p.Specs.Any(s => s.Key.Length > 100 || s.Value.Length > 500))
        {
            errors.Add("specs must have at most 50 entries with keys up to 100 and values up to 500 characters");
        }
        if (p.Tags.Count > 30 || p.Tags.Any(t => t.Length > 50))
        {
            errors.Add("tags must be at most 30, each up to 50 characters");
        }
        // PostgreSQL cannot store U+0000 (SQLite can): refused here, the row is reported instead of failing the whole import.
        var withNul = NulFields(p).ToList();
        if (withNul.Count > 0)
        {
            errors.Add($"{string.Join(", ", withNul)} must not hold a NUL character (\\u0000)");
        }
        return errors;
    }

    private static IEnumerable<string> NulFields(ProductInput p)
    {
        (string Field, string? Value)[] texts = [("sku", p.Sku), ("name", p.Name), ("brand", p.Brand), ("category", p.Category), ("price", p.Price),
            ("currency", p.Currency), ("stock", p.Stock), ("rating", p.Rating), ("description", p.Description)];
        foreach (var (field, value) in texts)
        {
            if (value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                yield return field;
            }
        }
        if (p.Specs.Any(s => s.Key.Contains('\0', StringComparison.Ordinal) || s.Value.Contains('\0', StringComparison.Ordinal)))
        {
            yield return "specs";
        }
        if (p.Tags.Any(t => t.Contains('\0', StringComparison.Ordinal)))
        {
            yield return "tags";
        }
    }

    private static void Required(List<string> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field} is required");
        }
        else if (value.Length > max)
        {
            errors.Add($"{field} must be at most {max} characters");
        }
    }

    public static bool IsValidSku(string sku) => SkuPattern().IsMatch(sku);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex SkuPattern();
}
