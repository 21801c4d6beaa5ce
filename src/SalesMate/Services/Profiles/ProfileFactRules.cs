using System.Text.RegularExpressions;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Vector;

namespace SalesMate.Services.Profiles;

/// <summary>
/// The keyless extractor: contact details (<see cref="ContactPatterns"/>), budget, categories, brands and features
/// (the catalog's <see cref="Llm.Understanding.QueryParser"/>), and a few phrasings people use to volunteer an
/// address, a location, or a fact about themselves ("I'm a student", "it's for my daughter"). It only ever returns
/// what the message says; a question about a product is not a preference.
/// </summary>
public static partial class ProfileFactRules
{
    public const int MaxValueLength = 120;

    /// <param name="productsOfInterest">Names of products the turn was about when the shopper asked for details, a comparison or a visit.</param>
    public static FactExtraction Extract(string message, CatalogSnapshot catalog, IReadOnlyList<string> productsOfInterest)
    {
        var facts = new List<ExtractedFact>();
        void Add(string kind, string? value)
        {
            value = Clean(value);
            if (value is { Length: > 0 } && !facts.Any(f => f.Kind == kind && string.Equals(f.Value, value, StringComparison.OrdinalIgnoreCase)))
            {
                facts.Add(new ExtractedFact(kind, value));
            }
        }

        var contact = ContactPatterns.Find(message, catalog.Currency);
        Add(ProfileFactKinds.Name, contact.Name ?? OtherName(message));
        Add(ProfileFactKinds.Email, contact.Email);
        Add(ProfileFactKinds.Phone, contact.Phone);
        Add(ProfileFactKinds.Address, Address().Match(message) is { Success: true } a ? a.Groups["v"].Value : null);
        foreach (Match location in Location().Matches(message))
        {
            Add(ProfileFactKinds.Location, location.Groups["v"].Value);
        }

        // Contact details and their labels are not preferences: "phone 555-123-4567" is no interest in phones.
        var parsed = catalog.Parser.Parse(contact.IsEmpty ? message : ContactPatterns.WithoutContact(message, contact));
        if (parsed.Budget is { } budget)
        {
            if (budget.Min is { } min && budget.Target is null)
            {
                Add(ProfileFactKinds.BudgetMin, BudgetValue.Format(min, budget.Currency));
            }
            if ((budget.Target ?? budget.Max) is { } max)
            {
                Add(ProfileFactKinds.BudgetMax, BudgetValue.Format(max, budget.Currency));
            }
        }
        foreach (var category in parsed.Categories)
        {
            Add(ProfileFactKinds.Category, category);
        }
        foreach (var brand in parsed.Brands)
        {
            Add(ProfileFactKinds.Brand, brand);
        }
        foreach (var feature in parsed.Features)
        {
            Add(ProfileFactKinds.Feature, feature);
        }
        foreach (var product in productsOfInterest)
        {
            Add(ProfileFactKinds.Product, product);
        }
        foreach (var pattern in new[] { SelfDescription(), ForWhom(), UseFor() })
        {
            foreach (Match fact in pattern.Matches(message))
            {
                Add(ProfileFactKinds.Fact, fact.Value);
            }
        }
        return new FactExtraction(facts, ProfileFactSources.Rules);
    }

    /// <summary>Intents after which the shown products count as products of interest.</summary>
    public static bool ShowsInterest(string intent) => intent is Intents.ProductDetail or Intents.Comparison
        or Llm.Classification.ClassificationIntents.ScheduleVisit or Llm.Classification.ClassificationIntents.ScheduleDemo;

    private static string? OtherName(string message)
    {
        if (NameIntro().Match(message) is not { Success: true } match)
        {
            return null;
        }
        var name = match.Groups["name"].Value;
        return NotNames.Contains(name.Split(' ')[0]) ? null : name;
    }

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Looking", "Interested", "Just", "Not", "Trying", "Here", "Sure", "Fine", "Good", "Ok", "Okay", "Happy", "Also", "Still",
        "Ready", "Going", "Thinking", "Curious", "Planning", "After", "In", "On", "From", "Back", "New", "A", "An", "The", "So",
    };

    private static string? Clean(string? value)
    {
        value = value?.Trim().TrimEnd('.', ',', ';', '!', '?').Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return value.Length > MaxValueLength ? value[..MaxValueLength].TrimEnd() : value;
    }

    [GeneratedRegex(@"(?:\b(?:[Ii]'m|I am|[Tt]his is|[Nn]ame'?s|[Cc]all me)\s+)(?<name>\p{Lu}[\p{Ll}'-]+(?:\s\p{Lu}[\p{Ll}'-]+)?)(?=\s*(?:[,.!;]|$|\s(?:and|here|from)\b))", RegexOptions.CultureInvariant)]
    private static partial Regex NameIntro();

    [GeneratedRegex(@"\b(?:my address is|i live at|ship (?:it )?to|deliver (?:it )?to|send it to)\s+(?<v>\d[^.!?\n]{4,118})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex(@"\b(?i:i live in|i'?m (?:based|located) in|we live in|i'?m moving to|we'?re moving to|looking (?:for \w+ )?in|located in)\s+(?<v>\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex Location();

    [GeneratedRegex(@"\bI(?:'m| am) an? (?!\b(?:bit|little|lot|few)\b)(?:[a-z]+ ){0,2}(?:student|gamer|developer|designer|photographer|teacher|nurse|doctor|engineer|programmer|writer|artist|editor|musician|parent|freelancer|creator|architect|consultant|lawyer|accountant|manager|beginner|professional|traveller|traveler)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SelfDescription();

    [GeneratedRegex(@"\b(?:it'?s |this is |buying )?for my (?:son|daughter|wife|husband|partner|kids?|children|mom|mother|dad|father|parents|family|team|office|business|company|school|studio)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ForWhom();

    [GeneratedRegex(@"\b(?:i (?:mostly |mainly |will |'ll )?use it for|i need it for|mainly for|mostly for) (?<v>[a-z][a-z -]{2,40}[a-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UseFor();
}
