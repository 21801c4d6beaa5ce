using System.Text.Json;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Classification;
using SalesMate.Vector;

namespace SalesMate.Services.Profiles;

/// <summary>
/// Turns the model's JSON into facts, keeping only what the message supports: contact details and places must appear
/// in it, categories and brands must be the catalog's, products must exist. Null when the reply is not the schema's object.
/// </summary>
internal static class ExtractionValidator
{
    public const int MaxFacts = 5;
    public const int MaxFeatures = 10;

    public static IReadOnlyList<ExtractedFact>? Validate(string? reply, string message, CatalogSnapshot catalog)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(StripFence(reply ?? ""));
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var facts = new List<ExtractedFact>();
        void Add(string kind, string? value)
        {
            value = value?.Trim();
            if (value is { Length: > 0 and <= ProfileFactRules.MaxValueLength }
                && !facts.Any(f => f.Kind == kind && string.Equals(f.Value, value, StringComparison.OrdinalIgnoreCase)))
            {
                facts.Add(new ExtractedFact(kind, value));
            }
        }
        bool InMessage(string value) => message.Contains(value.Trim(), StringComparison.OrdinalIgnoreCase);

        if (Text(root, "name") is { } name && ContactPatterns.IsName(name) && InMessage(name))
        {
            Add(ProfileFactKinds.Name, name);
        }
        if (Text(root, "email") is { } email && ContactPatterns.IsEmail(email) && InMessage(email))
        {
            Add(ProfileFactKinds.Email, email);
        }
        if (Text(root, "phone") is { } phone && ContactPatterns.IsPhone(phone) && ContactPatterns.PhoneIsIn(phone, message))
        {
            Add(ProfileFactKinds.Phone, phone);
        }
        if (Text(root, "address") is { } address && InMessage(address))
        {
            Add(ProfileFactKinds.Address, address);
        }
        if (root.TryGetProperty("budget", out var budget) && budget.ValueKind == JsonValueKind.Object)
        {
            var currency = Text(budget, "currency")?.ToUpperInvariant() ?? catalog.Currency;
            var min = Number(budget, "min");
            var max = Number(budget, "max");
            if (currency.Length == 3 && currency.All(char.IsAsciiLetter) && !(min > max))
            {
                if (min is { } low)
                {
                    Add(ProfileFactKinds.BudgetMin, BudgetValue.Format(low, currency));
                }
                if (max is { } high)
                {
                    Add(ProfileFactKinds.BudgetMax, BudgetValue.Format(high, currency));
                }
            }
        }
        foreach (var category in Strings(root, "categories"))
        {
            Add(ProfileFactKinds.Category, catalog.Vocabulary.Categories.FirstOrDefault(c => c.Equals(category, StringComparison.OrdinalIgnoreCase)));
        }
        foreach (var brand in Strings(root, "brands"))
        {
            Add(ProfileFactKinds.Brand, catalog.Vocabulary.Brands.FirstOrDefault(b => b.Equals(brand, StringComparison.OrdinalIgnoreCase)));
        }
        foreach (var feature in Strings(root, "features").Take(MaxFeatures))
        {
            Add(ProfileFactKinds.Feature, feature.Length <= 60 ? feature.ToLowerInvariant() : null);
        }
        foreach (var location in Strings(root, "locations").Where(InMessage))
        {
            Add(ProfileFactKinds.Location, location);
        }
        foreach (var product in Strings(root, "products"))
        {
            Add(ProfileFactKinds.Product, catalog.Products.FirstOrDefault(p => p.Name.Contains(product, StringComparison.OrdinalIgnoreCase)
                                                                               && product.Length >= 3)?.Name);
        }
        foreach (var fact in Strings(root, "facts").Take(MaxFacts))
        {
            Add(ProfileFactKinds.Fact, fact);
        }
        return facts;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s.Trim() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d >= 0 ? d : null;

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!.Trim()).Where(s => s.Length > 0)
            : [];

    private static string StripFence(string reply)
    {
        var text = reply.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLine = text.IndexOf('\n');
            var end = text.LastIndexOf("```", StringComparison.Ordinal);
            if (firstLine > 0 && end > firstLine)
            {
                return text[(firstLine + 1)..end].Trim();
            }
        }
        return text;
    }
}
