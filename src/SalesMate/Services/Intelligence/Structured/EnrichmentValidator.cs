using System.Text.Json;
using SalesMate.Services.Profiles;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Checks one enrichment answer against what the rules offered. Errors (retry once, then the rules): not a JSON object,
/// a missing or mistyped field, a budget or location chosen when none is remembered, and a category the rules did not
/// offer. The result is the offered filters with the unchosen ones removed: the model can drop, never add.
/// </summary>
internal static class EnrichmentValidator
{
    public static StructuredOutcome<RememberedFilters> Validate(string? reply, RememberedFilters offered)
    {
        if (!StructuredCall.TryParseObject(reply, out var root, out var error))
        {
            return new(null, [error]);
        }
        var errors = new List<string>();
        var budget = Flag(root, "budget", offered.HasBudget, errors);
        var location = Flag(root, "location", offered.Location is not null, errors);
        var categories = new List<string>();
        if (!root.TryGetProperty("categories", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            errors.Add("categories must be an array");
        }
        else
        {
            foreach (var item in items.EnumerateArray())
            {
                var match = item.ValueKind == JsonValueKind.String
                    ? offered.Categories.FirstOrDefault(c => string.Equals(c, item.GetString()!.Trim(), StringComparison.OrdinalIgnoreCase))
                    : null;
                if (match is null)
                {
                    errors.Add(offered.Categories.Count == 0
                        ? "categories must be []: no category is remembered"
                        : "categories may only name the remembered ones: " + string.Join(", ", offered.Categories));
                    break;
                }
                categories.Add(match);
            }
        }
        return errors.Count > 0
            ? new(null, errors)
            : new(new RememberedFilters(budget ? offered.BudgetMin : null, budget ? offered.BudgetMax : null, budget ? offered.Currency : null,
                [.. categories.Distinct(StringComparer.Ordinal)], location ? offered.Location : null), []);
    }

    private static bool Flag(JsonElement root, string name, bool offered, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"{name} must be true or false");
            return false;
        }
        if (value.GetBoolean() && !offered)
        {
            errors.Add($"{name} must be false: none is remembered");
            return false;
        }
        return value.GetBoolean();
    }
}
