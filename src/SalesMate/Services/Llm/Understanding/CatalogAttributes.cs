using SalesMate.Core.Entities;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>One value of a catalog attribute: its normalised phrase and its spelling in the catalog ("whitefield", "Whitefield").</summary>
public sealed record AttributeValue(string Phrase, string Display);

/// <summary>
/// Finds the catalog's filterable attributes: spec keys whose short values repeat across products, such as a flat's
/// Location ("Whitefield", "Sarjapur Road") and Configuration ("2BHK"), or a laptop's RAM ("16GB"). Nothing is listed
/// by hand: a key qualifies when at least <see cref="MinProducts"/> products have it, it has at least two values,
/// each value is on two products on average and every value is a short phrase the vocabulary knows as a feature.
/// A named value of an attribute replaces the conversation's earlier value of the same attribute.
/// </summary>
internal static class CatalogAttributes
{
    private const int MinProducts = 4;

    /// <summary>Words that never stand for a whole multi-word value on their own ("road" in "Sarjapur Road").</summary>
    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "road", "city", "town", "layout", "nagar", "main", "cross", "phase", "sector", "stage", "block", "north", "south",
        "east", "west", "new", "old", "upper", "lower", "extension", "colony", "circle", "street", "avenue", "park",
    };

    public sealed record Result(
        IReadOnlyDictionary<string, IReadOnlyList<AttributeValue>> Attributes,
        Dictionary<string, string> AttributeOfPhrase,
        Dictionary<string, string> Aliases);

    public static Result Find(IReadOnlyCollection<Product> products, IReadOnlySet<string> features)
    {
        var byKey = new Dictionary<string, (string Display, List<(string Phrase, string Display)> Values)>(StringComparer.Ordinal);
        foreach (var product in products)
        {
            foreach (var (key, value) in product.Specs)
            {
                string normalizedKey = TextNormalizer.Normalize(key);
                string phrase = TextNormalizer.Normalize(value);
                if (normalizedKey.Length == 0 || phrase.Length == 0) continue;
                if (!byKey.TryGetValue(normalizedKey, out var entry))
                {
                    entry = (key.Trim(), []);
                    byKey[normalizedKey] = entry;
                }
                entry.Values.Add((phrase, value.Trim()));
            }
        }

        var attributes = new Dictionary<string, IReadOnlyList<AttributeValue>>(StringComparer.Ordinal);
        var attributeOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (normalizedKey, (display, values)) in byKey.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var distinct = values.GroupBy(v => v.Phrase, StringComparer.Ordinal)
                .Select(g => new AttributeValue(g.Key, g.First().Display)).ToList();
            bool qualifies = values.Count >= MinProducts && distinct.Count >= 2 && distinct.Count * 2 <= values.Count
                             && distinct.All(v => features.Contains(v.Phrase) && v.Phrase.Any(char.IsLetter)
                                                  && !VocabularyLexicon.AffirmativeValues.Contains(v.Phrase));
            // A phrase that is a value of two attributes says nothing about which one it replaces.
            if (!qualifies || distinct.Any(v => attributeOf.ContainsKey(v.Phrase))) continue;
            attributes[display] = distinct.OrderBy(v => v.Phrase, StringComparer.Ordinal).ToList();
            foreach (var value in distinct)
            {
                attributeOf[value.Phrase] = display;
                attributeOf.TryAdd($"{value.Phrase} {normalizedKey}", display); // "16gb ram": the value named with its key
            }
        }
        return new Result(attributes, attributeOf, Aliases(attributes.Values.SelectMany(v => v), features));
    }

    /// <summary>
    /// "sarjapur" for "sarjapur road": the first word of a multi-word value stands for it when no other value, feature
    /// or common place word shares that word.
    /// </summary>
    private static Dictionary<string, string> Aliases(IEnumerable<AttributeValue> values, IReadOnlySet<string> features)
    {
        var candidates = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var allWords = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var words = value.Phrase.Split(' ');
            foreach (var word in words.Distinct()) allWords[word] = allWords.GetValueOrDefault(word) + 1;
            if (words.Length < 2) continue;
            if (!candidates.TryGetValue(words[0], out var list)) candidates[words[0]] = list = [];
            list.Add(value.Phrase);
        }
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, phrases) in candidates)
        {
            bool distinctive = phrases.Count == 1 && allWords[word] == 1 && word.Length >= 3 && word.All(char.IsLetter)
                               && !features.Contains(word) && !PlaceWords.Contains(word) && !VocabularyLexicon.StopWords.Contains(word);
            if (distinctive) aliases[word] = phrases[0];
        }
        return aliases;
    }
}
