using SalesMate.Services.Llm.Understanding;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// The spellings one catalog teaches the <see cref="QueryPreprocessor"/>: its entities as the catalog writes them
/// (brands, distinctive product-name words, attribute values such as locations and configurations), keyed by their
/// compact form ("2bhk", "sarjapurroad", "macbook"), the single words a typo may be corrected to (those entities' words
/// plus the words the parser understands: category words such as "headphones" and feature words such as "cancelling"),
/// and every word the catalog uses anywhere (a word the catalog knows is never "corrected"). Built once per catalog snapshot.
/// </summary>
internal sealed class CatalogSpelling
{
    private const int MinFuzzyTargetLength = 4;

    private CatalogSpelling(Dictionary<string, string> entities, Dictionary<char, List<(string Key, string Display)>> targets,
        HashSet<string> known)
    {
        Entities = entities;
        Targets = targets;
        KnownWords = known;
    }

    /// <summary>Compact key (normalised, no spaces) -> the entity as the catalog writes it.</summary>
    public IReadOnlyDictionary<string, string> Entities { get; }

    /// <summary>Single-word correction targets by first letter: normalised word -> catalog spelling.</summary>
    public IReadOnlyDictionary<char, List<(string Key, string Display)>> Targets { get; }

    /// <summary>Normalised words of the whole catalog (names, brands, categories, tags, specs, descriptions) and of the parser's lexicon.</summary>
    public IReadOnlySet<string> KnownWords { get; }

    public static string CompactKey(string text) => TextNormalizer.Normalize(text).Replace(" ", "", StringComparison.Ordinal);

    public static CatalogSpelling Build(CatalogSnapshot catalog)
    {
        var vocabulary = catalog.Vocabulary;
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal);

        void AddEntity(string display, bool wordsAreTargets)
        {
            display = display.Trim();
            var key = CompactKey(display);
            if (key.Length < 2 || IsEveryday(display)) return;
            entities.TryAdd(key, display);
            if (!wordsAreTargets) return;
            foreach (var word in Words(display))
            {
                var normalized = TextNormalizer.Normalize(word);
                if (normalized.Length >= MinFuzzyTargetLength && normalized.All(char.IsAsciiLetter) && !CommonWords.All.Contains(normalized))
                {
                    targets.TryAdd(normalized, word);
                }
            }
        }

        foreach (var brand in vocabulary.Brands) AddEntity(brand, wordsAreTargets: true);
        foreach (var value in vocabulary.Attributes.Values.SelectMany(v => v)) AddEntity(value.Display, wordsAreTargets: true);
        foreach (var product in catalog.Products)
        {
            foreach (var word in Words(product.Name))
            {
                if (vocabulary.ProductNameWords.Contains(TextNormalizer.Normalize(word))) AddEntity(word, wordsAreTargets: true);
            }
            foreach (var text in (string[])[product.Name, product.Brand, product.Category, product.Description, .. product.Tags,
                         .. product.Specs.Keys, .. product.Specs.Values])
            {
                foreach (var word in TextNormalizer.Tokenize(text)) known.Add(word);
            }
        }
        foreach (var word in vocabulary.Categories.SelectMany(TextNormalizer.Tokenize)) known.Add(word);
        // "hedphones", "lapotp", "cancelin": the words the parser reads as a category or feature are targets too, everyday
        // English or not; the guards on the misspelt word (unknown, not everyday) still keep ordinary words as written.
        foreach (var word in vocabulary.UnderstoodWords)
        {
            if (word.Length >= MinFuzzyTargetLength && word.All(char.IsAsciiLetter)) targets.TryAdd(word, word);
        }

        var byLetter = targets.GroupBy(t => t.Key[0])
            .ToDictionary(g => g.Key, g => g.Select(t => (t.Key, t.Value)).ToList());
        return new CatalogSpelling(entities, byLetter, known);
    }

    /// <summary>An entity made only of everyday words ("Ready to move", a brand called "Nothing") is never re-spelled.</summary>
    private static bool IsEveryday(string display) =>
        TextNormalizer.Tokenize(display).All(w => CommonWords.All.Contains(w) || w.Length < 3 || w.All(char.IsAsciiDigit));

    private static IEnumerable<string> Words(string text) =>
        text.Split([' ', '(', ')', ',', '/', '-', '"', '\''], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
