using System.Text.Json;
using SalesMate.Core;

namespace SalesMate.Services.Admin;

/// <summary>
/// Reads the members of a JSON merge patch (RFC 7396: a member present replaces the value, <c>null</c> resets it,
/// an absent member leaves it alone) and collects every problem under its field name, so one 400 lists them all.
/// </summary>
public sealed class PatchFields
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public void Fail(string field, string message) => _errors.TryAdd(field, [message]);

    public void ThrowIfInvalid()
    {
        if (HasErrors)
        {
            throw new RequestValidationException(_errors);
        }
    }

    /// <summary>The object's members, or an error when the patch is not a JSON object.</summary>
    public IEnumerable<JsonProperty> Members(JsonElement patch, string field)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            Fail(field, $"{field} must be a JSON object.");
            return [];
        }
        return patch.EnumerateObject().ToList();
    }

    public string? Text(JsonElement value, string field, int maxLength)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(field, $"{field} must be a string or null.");
            return null;
        }
        var text = value.GetString()!.Trim();
        if (text.Length == 0 || text.Length > maxLength || text.Any(char.IsControl))
        {
            Fail(field, $"{field} must be 1 to {maxLength} characters without line breaks, or null.");
            return null;
        }
        return text;
    }

    public bool? Bool(JsonElement value, string field, bool nullable = true)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        if (value.ValueKind != JsonValueKind.Null || !nullable)
        {
            Fail(field, nullable ? $"{field} must be true, false or null." : $"{field} must be true or false.");
        }
        return null;
    }

    public decimal? Number(JsonElement value, string field, decimal min, decimal max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || number < min || number > max)
        {
            Fail(field, $"{field} must be a number from {min} to {max}, or null.");
            return null;
        }
        return number;
    }

    public int? WholeNumber(JsonElement value, string field, int min, int max)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            Fail(field, $"{field} must be a whole number from {min} to {max}, or null.");
            return null;
        }
        return number;
    }

    /// <summary>A model id: no spaces or control characters.</summary>
    public string? Model(JsonElement value, string field)
    {
        var model = Text(value, field, 200);
        if (model is not null && model.Any(char.IsWhiteSpace))
        {
            Fail(field, $"{field} must be a model id without spaces, e.g. gpt-4o-mini.");
            return null;
        }
        return model;
    }

    public double? Temperature(JsonElement value, string field) => (double?)Number(value, field, 0m, 2m);

    public int? MaxTokens(JsonElement value, string field) => WholeNumber(value, field, 1, 200_000);

    public void Unknown(string field)
    {
        var shown = field.Length > 100 ? field[..100] + "..." : field; // the name is the client's: not echoed at any length
        Fail(shown, $"{shown} is not a setting that can be changed here.");
    }
}
