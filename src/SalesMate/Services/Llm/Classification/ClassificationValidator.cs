using System.Text.Json;
using System.Text.RegularExpressions;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Classification;

/// <summary>
/// Checks one structured-output answer and turns it into a <see cref="MessageClassification"/>. Errors (which make
/// the classifier retry once) are: not JSON, not an object, an intent outside the enum, a budget that is negative,
/// not a number, min above max or in a currency that is not an ISO code, and contact details that are malformed or do
/// not appear in the message (an invented e-mail must never become a lead). Categories and brands outside the
/// catalog's vocabulary are not errors: synonyms map to the catalog's names ("notebook" -> "Laptops") and the rest is
/// dropped. Error texts never repeat the values, so they can be logged.
/// </summary>
internal static partial class ClassificationValidator
{
    public sealed record Outcome(MessageClassification? Result, IReadOnlyList<string> Errors);

    public static Outcome Validate(string? reply, string message, CatalogVocabulary vocabulary)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return Fail("the reply is empty");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(StripCodeFence(reply));
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Fail("the reply is not valid JSON");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("the reply must be one JSON object");
        }

        var errors = new List<string>();
        var intent = ReadIntent(root, errors);
        var budget = ReadBudget(root, vocabulary.DefaultCurrency, errors);
        var categories = ReadNames(root, "categories", vocabulary.Categories, vocabulary.FindCategory, errors);
        var brands = ReadNames(root, "brands", vocabulary.Brands, vocabulary.FindBrand, errors);
        var contact = ReadContact(root, message, errors);
        var (sentiment, frustration) = ReadSentiment(root, errors);
        if (errors.Count > 0 || intent is null)
        {
            return new Outcome(null, errors);
        }
        return new Outcome(new MessageClassification
        {
            Intent = intent,
            Budget = budget,
            Categories = categories,
            Brands = brands,
            Contact = contact,
            Sentiment = sentiment,
            Frustration = frustration,
            Source = MessageClassification.FromModel,
        }, []);
    }

    private static Outcome Fail(string error) => new(null, [error]);

    private static string? ReadIntent(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("intent", out var value) || value.ValueKind != JsonValueKind.String)
        {
            errors.Add("intent is missing or not a string");
            return null;
        }
        var intent = value.GetString()!.Trim();
        if (!ClassificationIntents.IsKnown(intent))
        {
            errors.Add("intent must be one of: " + string.Join(", ", ClassificationIntents.All));
            return null;
        }
        return intent;
    }

    private static Budget? ReadBudget(JsonElement root, string defaultCurrency, List<string> errors)
    {
        if (!root.TryGetProperty("budget", out var budget) || budget.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (budget.ValueKind != JsonValueKind.Object)
        {
            errors.Add("budget must be an object");
            return null;
        }
        var count = errors.Count;
        var min = Amount(budget, "min", errors);
        var max = Amount(budget, "max", errors);
        if (min is not null && max is not null && min > max)
        {
            errors.Add("budget.min must not be above budget.max");
        }
        var currency = defaultCurrency;
        if (budget.TryGetProperty("currency", out var code) && code.ValueKind != JsonValueKind.Null)
        {
            currency = code.ValueKind == JsonValueKind.String ? code.GetString()!.Trim().ToUpperInvariant() : "";
            if (!CurrencyCode().IsMatch(currency))
            {
                errors.Add("budget.currency must be a three-letter ISO 4217 code or null");
            }
        }
        if (errors.Count > count || (min is null or 0m && max is null))
        {
            return null; // "min 0" with no max says nothing
        }
        return new Budget(min is 0m ? null : min, max, currency);
    }

    private static decimal? Amount(JsonElement budget, string name, List<string> errors)
    {
        if (!budget.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var amount))
        {
            errors.Add($"budget.{name} must be a number or null");
            return null;
        }
        if (amount < 0)
        {
            errors.Add($"budget.{name} must not be negative");
            return null;
        }
        return amount;
    }

    /// <summary>Catalog names for the values: exact names (any case), then synonyms; unknown values are dropped.</summary>
    private static List<string> ReadNames(JsonElement root, string property, IReadOnlyList<string> names,
        Func<string, string?> synonym, List<string> errors)
    {
        var result = new List<string>();
        if (!root.TryGetProperty(property, out var values) || values.ValueKind == JsonValueKind.Null)
        {
            return result;
        }
        if (values.ValueKind != JsonValueKind.Array || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            errors.Add($"{property} must be an array of strings");
            return result;
        }
        foreach (var value in values.EnumerateArray().Select(v => v.GetString()!.Trim()))
        {
            var known = names.FirstOrDefault(n => string.Equals(n, value, StringComparison.OrdinalIgnoreCase))
                        ?? synonym(TextNormalizer.Normalize(value));
            if (known is not null && !result.Contains(known, StringComparer.Ordinal))
            {
                result.Add(known);
            }
        }
        return result;
    }

    /// <summary>Absent values are not errors (the rules read the mood then); present ones must be in range.</summary>
    private static (string? Sentiment, int? Frustration) ReadSentiment(JsonElement root, List<string> errors)
    {
        string? sentiment = null;
        int? frustration = null;
        if (root.TryGetProperty("sentiment", out var mood) && mood.ValueKind != JsonValueKind.Null)
        {
            sentiment = mood.ValueKind == JsonValueKind.String ? mood.GetString()!.Trim().ToLowerInvariant() : "";
            if (!Sentiments.IsKnown(sentiment))
            {
                errors.Add("sentiment must be one of: " + string.Join(", ", Sentiments.All));
                sentiment = null;
            }
        }
        if (root.TryGetProperty("frustration", out var level) && level.ValueKind != JsonValueKind.Null)
        {
            if (level.ValueKind == JsonValueKind.Number && level.TryGetDecimal(out var value) && value is >= 0 and <= 10)
            {
                frustration = (int)Math.Round(value, MidpointRounding.AwayFromZero);
            }
            else
            {
                errors.Add("frustration must be a number from 0 to 10");
            }
        }
        return (sentiment, frustration);
    }

    private static ContactDetails ReadContact(JsonElement root, string message, List<string> errors)
    {
        if (!root.TryGetProperty("contact", out var contact) || contact.ValueKind == JsonValueKind.Null)
        {
            return ContactDetails.None;
        }
        if (contact.ValueKind != JsonValueKind.Object)
        {
            errors.Add("contact must be an object");
            return ContactDetails.None;
        }
        var name = Text(contact, "name", errors);
        var email = Text(contact, "email", errors);
        var phone = Text(contact, "phone", errors);
        if (name is not null && (!ContactPatterns.IsName(name) || !message.Contains(name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("contact.name must be a name the shopper wrote in this message, or null");
        }
        if (email is not null && (!ContactPatterns.IsEmail(email) || !message.Contains(email, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("contact.email must be a valid e-mail address the shopper wrote in this message, or null");
        }
        if (phone is not null && (!ContactPatterns.IsPhone(phone) || !ContactPatterns.PhoneIsIn(phone, message)))
        {
            errors.Add("contact.phone must be a phone number (7 to 15 digits) the shopper wrote in this message, or null");
        }
        return new ContactDetails(name, email, phone);
    }

    private static string? Text(JsonElement contact, string name, List<string> errors)
    {
        if (!contact.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add($"contact.{name} must be a string or null");
            return null;
        }
        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>Models without enforced structured outputs sometimes wrap the JSON in a Markdown code fence.</summary>
    private static string StripCodeFence(string reply)
    {
        var match = CodeFence().Match(reply);
        return match.Success ? match.Groups["json"].Value : reply;
    }

    [GeneratedRegex(@"^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    [GeneratedRegex(@"^\s*```(?:json)?\s*(?<json>.*?)\s*```\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CodeFence();
}
