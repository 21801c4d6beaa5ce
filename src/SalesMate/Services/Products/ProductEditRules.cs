using System.Globalization;

namespace SalesMate.Services.Products;

/// <summary>
/// The admin console's product form: the same limits as an import row (<see cref="ProductRules"/>), each error keyed by
/// the form field it is about. A value PostgreSQL cannot store (a price over numeric(14,2), a NUL character) is refused
/// here rather than failing the save.
/// </summary>
public static class ProductEditRules
{
    public sealed record Edit(string Name, string Brand, string Category, decimal Price, int Stock, string Description);

    public static Edit? Validate(string? name, string? brand, string? category, string? price, int? stock, string? description,
        Action<string, string> error)
    {
        Text(error, "name", name, ProductRules.MaxName, required: true);
        Text(error, "brand", brand, ProductRules.MaxBrand, required: false);
        Text(error, "category", category, ProductRules.MaxCategory, required: true);
        Text(error, "description", description, ProductRules.MaxDescription, required: false);
        var parsed = decimal.TryParse(price?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount);
        if (!parsed || amount < 0 || amount > ProductRules.MaxPrice || decimal.Round(amount, 2) != amount)
        {
            error("price", $"Price must be a number from 0 to {ProductRules.MaxPrice.ToString("N0", CultureInfo.InvariantCulture)} with at most 2 decimals.");
        }
        if (stock is null or < 0)
        {
            error("stock", "Stock must be a whole number of 0 or more.");
        }
        var valid = !string.IsNullOrWhiteSpace(name) && !string.IsNullOrWhiteSpace(category) && parsed && stock is >= 0;
        return valid
            ? new Edit(name!.Trim(), brand?.Trim() ?? "", category!.Trim(), amount, stock!.Value, description?.Trim() ?? "")
            : null;
    }

    /// <summary>A new product's SKU: the import's pattern (unique per tenant is the caller's check).</summary>
    public static string? ValidateSku(string? sku, Action<string, string> error)
    {
        var trimmed = sku?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error("sku", "SKU is required.");
            return null;
        }
        if (!ProductRules.IsValidSku(trimmed))
        {
            error("sku", "SKU must be 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
            return null;
        }
        return trimmed;
    }

    private static void Text(Action<string, string> error, string field, string? value, int max, bool required)
    {
        var label = char.ToUpperInvariant(field[0]) + field[1..];
        if (required && string.IsNullOrWhiteSpace(value))
        {
            error(field, $"{label} is required.");
        }
        else if (value?.Trim().Length > max)
        {
            error(field, $"{label} must be at most {max:N0} characters (it has {value.Trim().Length:N0}).");
        }
        else if (value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            error(field, $"{label} must not contain a NUL character.");
        }
    }
}
