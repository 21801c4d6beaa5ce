using SalesMate.Core.Entities;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>Collects the feature phrases a catalog offers, from tags, spec values and names.</summary>
internal static class CatalogFeatures
{
    private const int MaxValueWords = 3;

    private static readonly HashSet<string> Lexicon = new(VocabularyLexicon.Features, StringComparer.Ordinal);

    private static readonly PhraseLookup<string> LexiconLookup = Lexicon.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue;

    private static readonly HashSet<string> MemoryKeys = new(StringComparer.Ordinal) { "ram", "memory", "system memory" };

    /// <summary>
    /// Normalised tags; short spec values ("oled", "16gb", "2bhk", "whitefield"); the spec key when its value is
    /// "yes" ("touchscreen"); "16gb ram" for memory specs; "rtx" / "rtx 4070" for GPUs; built-in feature phrases found
    /// anywhere in spec values or names; and number+unit words ("144hz") found in them.
    /// </summary>
    public static HashSet<string> Collect(IEnumerable<Product> products)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        foreach (var product in products)
        {
            foreach (string tag in product.Tags) AddPhrase(features, TextNormalizer.Normalize(tag));

            foreach (var (key, value) in product.Specs)
            {
                string normalizedKey = TextNormalizer.Normalize(key);
                var text = new TokenizedText(value);
                if (text.Count == 0) continue;

                if (VocabularyLexicon.AffirmativeValues.Contains(text.Text))
                {
                    AddPhrase(features, normalizedKey);
                    continue;
                }
                if (text.Count <= MaxValueWords) AddPhrase(features, text.Text);
                AddFromWords(features, text);
                if (MemoryKeys.Contains(normalizedKey))
                {
                    foreach (string token in text.Tokens.Where(t => t.EndsWith("gb", StringComparison.Ordinal)))
                    {
                        features.Add(token + " ram");
                    }
                }
            }

            AddFromWords(features, new TokenizedText(product.Name));
        }
        return features;
    }

    private static void AddFromWords(HashSet<string> features, TokenizedText text)
    {
        var consumed = new bool[text.Count];
        foreach (var (_, _, phrase) in text.Match(LexiconLookup, CatalogVocabulary.MaxPhraseWords, consumed, consume: false))
        {
            features.Add(phrase);
        }

        string[] tokens = text.Tokens;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (CatalogVocabulary.UnitToken().IsMatch(tokens[i])) features.Add(tokens[i]);
            if (tokens[i] is "rtx" or "gtx" && i + 1 < tokens.Length && TextNormalizer.IsNumber(tokens[i + 1], out _))
            {
                features.Add(tokens[i] + " " + tokens[i + 1]);
            }
        }
    }

    private static void AddPhrase(HashSet<string> features, string phrase)
    {
        if (phrase.Length < 2 || VocabularyLexicon.StopWords.Contains(phrase) || phrase.All(c => char.IsAsciiDigit(c) || c is '.' or ' '))
        {
            return;
        }
        if (phrase.Count(c => c == ' ') < CatalogVocabulary.MaxPhraseWords) features.Add(phrase);
    }
}
