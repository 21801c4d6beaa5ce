using System.Text.RegularExpressions;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// What one catalog lets the rules recognise: its categories (with synonyms that map only onto categories it really
/// has), its brands, its feature phrases and the distinctive words of its product names. Build once per catalog;
/// immutable and safe to share between threads afterwards.
/// </summary>
public sealed partial class CatalogVocabulary
{
    internal const int MaxPhraseWords = 4;

    private readonly Dictionary<string, CategoryTerm> _categoryTerms;
    private readonly Dictionary<string, string> _brandTerms;
    private readonly Dictionary<string, string> _matchableFeatures;
    private readonly Dictionary<string, string> _attributeOf;

    private CatalogVocabulary(string defaultCurrency, List<string> categories, List<string> brands,
        Dictionary<string, CategoryTerm> categoryTerms, Dictionary<string, string> brandTerms,
        HashSet<string> features, Dictionary<string, string> matchableFeatures, HashSet<string> nameWords,
        CatalogAttributes.Result attributes, HashSet<string> specKeyWords)
    {
        SpecKeyWords = specKeyWords;
        DefaultCurrency = defaultCurrency;
        Categories = categories;
        Brands = brands;
        _categoryTerms = categoryTerms;
        _brandTerms = brandTerms;
        Features = features;
        _matchableFeatures = matchableFeatures;
        ProductNameWords = nameWords;
        Attributes = attributes.Attributes;
        _attributeOf = attributes.AttributeOfPhrase;
        CategoryLookup = categoryTerms.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue;
        BrandLookup = brandTerms.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue;
        FeatureLookup = matchableFeatures.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue;
    }

    /// <summary>Currency of amounts the shopper gives without one.</summary>
    public string DefaultCurrency { get; }

    /// <summary>The catalog's category names as written in the catalog ("Laptops", "Smart Home").</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>The catalog's brand names as written in the catalog ("ASUS", "Bang &amp; Olufsen").</summary>
    public IReadOnlyList<string> Brands { get; }

    /// <summary>Normalised feature phrases found in the catalog's tags, spec values and names ("16gb", "oled", "2bhk").</summary>
    public IReadOnlySet<string> Features { get; }

    /// <summary>
    /// The catalog's filterable attributes by spec key, with their values ("Location": Whitefield, Hebbal, ...;
    /// "Configuration": 1BHK, 2BHK, 3BHK); see <see cref="CatalogAttributes"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AttributeValue>> Attributes { get; }

    /// <summary>The words of the catalog's spec keys, normalised ("battery", "refresh", "rate", "weight", "ports").</summary>
    public IReadOnlySet<string> SpecKeyWords { get; }

    /// <summary>Distinctive normalised words of product names ("zenbook", "xps", "galaxy", "s25").</summary>
    public IReadOnlySet<string> ProductNameWords { get; }

    internal PhraseLookup<CategoryTerm> CategoryLookup { get; }

    internal PhraseLookup<string> BrandLookup { get; }

    /// <summary>Catalog features plus the built-in feature phrases, and attribute aliases ("sarjapur" finds "sarjapur road").</summary>
    internal PhraseLookup<string> FeatureLookup { get; }

    /// <summary>The single words of the category and feature phrases the parser recognises ("headphones", "laptop", "noise", "cancelling").</summary>
    public IEnumerable<string> UnderstoodWords =>
        _categoryTerms.Keys.Concat(_matchableFeatures.Keys).SelectMany(phrase => phrase.Split(' ')).Distinct(StringComparer.Ordinal);

    /// <summary>The catalog category a normalised word or phrase names ("notebook" -> "Laptops"), or null.</summary>
    public string? FindCategory(string phrase) => _categoryTerms.TryGetValue(phrase, out var term) ? term.Category : null;

    /// <summary>The catalog brand a normalised word or phrase names ("lenovo" -> "Lenovo"), or null.</summary>
    public string? FindBrand(string phrase) => _brandTerms.GetValueOrDefault(phrase);

    /// <summary>True when <paramref name="phrase"/> (normalised) is a catalog or built-in feature phrase.</summary>
    public bool IsFeature(string phrase) => _matchableFeatures.ContainsKey(phrase);

    /// <summary>The attribute (spec key as written in the catalog) a normalised feature phrase is a value of ("whitefield" -> "Location"), or null.</summary>
    public string? AttributeOf(string phrase) => _attributeOf.GetValueOrDefault(phrase);

    public static CatalogVocabulary Build(IEnumerable<Product> products, string defaultCurrency)
    {
        ArgumentNullException.ThrowIfNull(products);
        var list = products as IReadOnlyCollection<Product> ?? [.. products];

        var categories = list.Select(p => p.Category.Trim()).Where(c => c.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var brands = list.Select(p => p.Brand.Trim()).Where(b => b.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

        var categoryTerms = BuildCategoryTerms(categories);
        var brandTerms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string brand in brands)
        {
            string key = TextNormalizer.Normalize(brand);
            if (key.Length == 0) continue;
            brandTerms.TryAdd(key, brand);
            if (!key.Contains(' ', StringComparison.Ordinal) && !key.EndsWith('s')) brandTerms.TryAdd(key + "s", brand);
        }

        var features = CatalogFeatures.Collect(list);
        features.RemoveWhere(f => categoryTerms.ContainsKey(f) || brandTerms.ContainsKey(f));
        var matchable = features.ToDictionary(f => f, f => f, StringComparer.Ordinal);
        foreach (string f in VocabularyLexicon.Features)
        {
            if (!categoryTerms.TryGetValue(f, out var term) || term.Weak) matchable.TryAdd(f, f);
        }
        var attributes = CatalogAttributes.Find(list, features);
        foreach (var (alias, phrase) in attributes.Aliases)
        {
            if (!categoryTerms.ContainsKey(alias) && !brandTerms.ContainsKey(alias)) matchable.TryAdd(alias, phrase);
        }

        var nameWords = CollectNameWords(list, categoryTerms, brandTerms);
        var specKeyWords = list.SelectMany(p => p.Specs.Keys).SelectMany(TextNormalizer.Tokenize)
            .Where(w => !VocabularyLexicon.StopWords.Contains(w)).ToHashSet(StringComparer.Ordinal);
        return new CatalogVocabulary(defaultCurrency, categories, brands, categoryTerms, brandTerms, features, matchable, nameWords, attributes,
            specKeyWords);
    }

    private static Dictionary<string, CategoryTerm> BuildCategoryTerms(List<string> categories)
    {
        var terms = new Dictionary<string, CategoryTerm>(StringComparer.Ordinal);
        foreach (string category in categories)
        {
            string name = TextNormalizer.Normalize(category);
            if (name.Length == 0) continue;
            string singular = Singular(name);
            terms.TryAdd(name, new CategoryTerm(category, false));
            terms.TryAdd(singular, new CategoryTerm(category, false));

            foreach (var group in VocabularyLexicon.CategoryGroups)
            {
                bool matches = group.Canonical == name || group.Canonical == singular || Singular(group.Canonical) == singular
                               || group.Strong.Contains(name) || group.Strong.Contains(singular);
                if (!matches) continue;
                foreach (string word in group.Strong) terms.TryAdd(word, new CategoryTerm(category, false));
                foreach (string word in group.Weak) terms[word] = new CategoryTerm(category, true);
            }
        }
        return terms;
    }

    private static HashSet<string> CollectNameWords(IEnumerable<Product> products,
        Dictionary<string, CategoryTerm> categoryTerms, Dictionary<string, string> brandTerms)
    {
        var brandWords = brandTerms.Keys.SelectMany(k => k.Split(' ')).ToHashSet(StringComparer.Ordinal);
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var product in products)
        {
            foreach (string word in TextNormalizer.Tokenize(product.Name))
            {
                bool hasLetter = word.Any(char.IsLetter);
                bool excluded = word.Length < 2 || !hasLetter || brandWords.Contains(word)
                                || (categoryTerms.TryGetValue(word, out var term) && !term.Weak)
                                || VocabularyLexicon.StopWords.Contains(word) || VocabularyLexicon.GenericNameWords.Contains(word)
                                || VocabularyLexicon.Features.Contains(word) || UnitToken().IsMatch(word);
                if (!excluded) words.Add(word);
            }
        }
        return words;
    }

    internal static string Singular(string word) => word switch
    {
        _ when word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 => word[..^3] + "y",
        _ when word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
               || word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) => word[..^2],
        _ when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 => word[..^1],
        _ => word,
    };

    /// <summary>A number glued to a unit: "16gb", "144hz", "15.6in", "2bhk", "4k", "1080p", "5g".</summary>
    [GeneratedRegex(@"^\d+(?:\.\d+)?(?:gb|tb|mb|hz|in|mp|mah|w|wh|kg|bhk|k|p|g|nits|mm)$", RegexOptions.CultureInvariant)]
    internal static partial Regex UnitToken();
}

/// <summary>A catalog category named by a word; <see cref="Weak"/> words yield to other categories' strong words.</summary>
internal readonly record struct CategoryTerm(string Category, bool Weak);
