using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// Reads a model's tool-call arguments leniently: providers hand them over as <see cref="JsonElement"/>s, tests and
/// other adapters as plain .NET values, and models send numbers as strings ("1500") or a single string for a list.
/// </summary>
internal static class ToolArguments
{
    public static string? String(IDictionary<string, object?>? args, string name) => Value(args, name) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.String } json => Clean(json.GetString()),
        JsonElement { ValueKind: JsonValueKind.Number } json => json.GetRawText(),
        JsonElement => null,
        string text => Clean(text),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    public static decimal? Number(IDictionary<string, object?>? args, string name)
    {
        var value = Value(args, name);
        if (value is JsonElement { ValueKind: JsonValueKind.Number } json && json.TryGetDecimal(out var fromJson))
        {
            return fromJson;
        }
        if (value is IConvertible convertible and not string and not bool)
        {
            return convertible.ToDecimal(CultureInfo.InvariantCulture);
        }
        var text = String(args, name)?.TrimStart('$', '€', '£', '₹').Replace(",", "", StringComparison.Ordinal);
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public static bool? Bool(IDictionary<string, object?>? args, string name) => Value(args, name) switch
    {
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        bool flag => flag,
        _ => bool.TryParse(String(args, name), out var parsed) ? parsed : null,
    };

    public static IReadOnlyList<string> List(IDictionary<string, object?>? args, string name)
    {
        var value = Value(args, name);
        IEnumerable<string?> items = value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } json => json.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()),
            JsonElement { ValueKind: JsonValueKind.String } json => (json.GetString() ?? "").Split(','),
            string text => text.Split(','),
            IEnumerable many => many.Cast<object?>().Select(o => o?.ToString()),
            _ => [],
        };
        return items.Select(Clean).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static object? Value(IDictionary<string, object?>? args, string name) =>
        args is not null && args.TryGetValue(name, out var value) && value is not JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
            ? value
            : null;

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
