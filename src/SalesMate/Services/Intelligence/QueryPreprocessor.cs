using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>One spelling the preprocessor changed: what the shopper wrote, what it became, and the edit distance (0 = same letters, other spelling).</summary>
public sealed record SpellingCorrection(string Original, string Corrected, int Distance);

/// <summary>A message after preprocessing: <see cref="Text"/> is what the parser and responders read.</summary>
public sealed record PreprocessedQuery(string Original, string Text, IReadOnlyList<SpellingCorrection> Corrections)
{
    public static PreprocessedQuery Unchanged(string text) => new(text, text, []);

    /// <summary><c>model</c> when the structured spelling call normalised the message (the rules then ran on its text), else <c>rules</c>.</summary>
    public string Source { get; init; } = "rules";

    /// <summary>How long the step took (the pipeline records it as <c>preprocess_ms</c>).</summary>
    public double Milliseconds { get; init; }
}

/// <summary>
/// Pipeline step 2 (seed 001): writes the catalog's entities the way the catalog does, so everything after it
/// understands the shopper. Exact matches of one to three words in another spelling are re-spelled ("2bhk" and
/// "2 bhk" -> "2BHK", "sarjapur road" -> "Sarjapur Road", "mac book" -> "MacBook"); a single unknown word close to
/// one catalog word is corrected ("whitfield" -> "Whitefield", "macbok" -> "MacBook", "hedphones" -> "headphones").
/// </summary>
/// <remarks>
/// Guards, so that ordinary words are never "corrected": only words of <see cref="MinFuzzyLength"/>+ letters
/// without digits are candidates; a word the catalog uses anywhere, or an everyday English word, is left alone;
/// the correction must keep the first letter, be within one edit (two from <see cref="LongWordLength"/> letters,
/// then also sharing half the trigrams) and be the only catalog word that close. E-mail addresses and links are
/// never touched. Thread-safe; one catalog's spellings are built once per snapshot.
/// </remarks>
public sealed partial class QueryPreprocessor
{
    private const int MinFuzzyLength = 5;
    private const int LongWordLength = 8;
    private const int MaxWindowWords = 3;
    private const double MinTrigramSimilarity = 0.5;

    private readonly ConditionalWeakTable<CatalogSnapshot, CatalogSpelling> _spellings = [];

    /// <summary>The catalog's spellings (built once per snapshot), for the structured spelling step.</summary>
    internal CatalogSpelling SpellingOf(CatalogSnapshot catalog) => _spellings.GetValue(catalog, CatalogSpelling.Build);

    /// <summary>True when the text at [start, end) is inside an e-mail address or a link, which are never re-spelled.</summary>
    internal static bool IsUntouchable(string message, int start, int end) =>
        Untouchable().Matches(message).Any(m => start < m.Index + m.Length && end > m.Index);

    public PreprocessedQuery Preprocess(string message, CatalogSnapshot catalog)
    {
        if (string.IsNullOrWhiteSpace(message) || catalog.Products.Count == 0)
        {
            return PreprocessedQuery.Unchanged(message ?? "");
        }
        var spelling = _spellings.GetValue(catalog, CatalogSpelling.Build);
        var tokens = Tokens(message);
        var fuzzy = tokens.Select(t => Fuzzy(t.Key, spelling)).ToArray();
        var replacements = new List<(int Start, int End, string Text, SpellingCorrection Correction)>();
        int i = 0;
        while (i < tokens.Count)
        {
            var (end, words, replacement, distance) = ExactEntity(message, tokens, fuzzy, i, spelling)
                ?? (fuzzy[i] is { } single ? (tokens[i].End, 1, single.Display, single.Distance) : (tokens[i].End, 1, null, 0));
            var original = message[tokens[i].Start..end];
            if (replacement is not null && replacement != original)
            {
                replacements.Add((tokens[i].Start, end, replacement, new SpellingCorrection(original, replacement, distance)));
            }
            i += words;
        }
        if (replacements.Count == 0)
        {
            return PreprocessedQuery.Unchanged(message);
        }
        var text = new StringBuilder(message.Length + 16);
        var at = 0;
        foreach (var (start, end, replacement, _) in replacements)
        {
            text.Append(message, at, start - at).Append(replacement);
            at = end;
        }
        text.Append(message, at, message.Length - at);
        return new PreprocessedQuery(message, text.ToString(), [.. replacements.Select(r => r.Correction)]);
    }

    /// <summary>
    /// The longest run of one to three words, joined by spaces or hyphens only, that spells a catalog entity once its
    /// misspelled words are corrected ("sarjpur road" -> "Sarjapur Road"); the distance is that of the corrections.
    /// </summary>
    private static (int End, int Words, string? Text, int Distance)? ExactEntity(string message, List<Token> tokens,
        (string Key, string Display, int Distance)?[] fuzzy, int first, CatalogSpelling spelling)
    {
        for (int words = Math.Min(MaxWindowWords, tokens.Count - first); words >= 1; words--)
        {
            var last = first + words - 1;
            if (!Joinable(message, tokens, first, last)) continue;
            var key = string.Concat(Enumerable.Range(first, words).Select(k => fuzzy[k]?.Key ?? tokens[k].Key));
            if (spelling.Entities.TryGetValue(key, out var display))
            {
                return (tokens[last].End, words, display, Enumerable.Range(first, words).Sum(k => fuzzy[k]?.Distance ?? 0));
            }
        }
        return null;
    }

    private static bool Joinable(string message, List<Token> tokens, int first, int last)
    {
        for (int k = first; k < last; k++)
        {
            var gap = message.AsSpan(tokens[k].End, tokens[k + 1].Start - tokens[k].End);
            if (gap.Length > 2 || gap.ContainsAnyExcept(' ', '-')) return false;
        }
        return true;
    }

    /// <summary>The one catalog word close enough to an unknown word: its key, its spelling and the edit distance.</summary>
    private static (string Key, string Display, int Distance)? Fuzzy(string word, CatalogSpelling spelling)
    {
        if (word.Length < MinFuzzyLength || !word.All(char.IsAsciiLetter) || spelling.KnownWords.Contains(word)
            || CommonWords.All.Contains(word) || !spelling.Targets.TryGetValue(word[0], out var candidates))
        {
            return null;
        }
        int allowed = word.Length >= LongWordLength ? 2 : 1;
        (string Key, string Display, int Distance)? best = null;
        var ambiguous = false;
        foreach (var (key, display) in candidates)
        {
            int distance = EditDistance.Osa(word, key, allowed);
            if (distance > allowed || (distance == 2 && EditDistance.TrigramSimilarity(word, key) < MinTrigramSimilarity)) continue;
            if (best is null || distance < best.Value.Distance)
            {
                best = (key, display, distance);
                ambiguous = false;
            }
            else if (distance == best.Value.Distance && !SameWord(display, best.Value.Display))
            {
                ambiguous = true;
            }
            else if (distance == best.Value.Distance && Math.Abs(key.Length - word.Length) < Math.Abs(best.Value.Key.Length - word.Length))
            {
                best = (key, display, distance); // "headphonse": "headphones" rather than "headphone"
            }
        }
        return ambiguous ? null : best;
    }

    /// <summary>One word in two spellings or numbers ("MacBook" and "macbook", "headphone" and "headphones").</summary>
    private static bool SameWord(string a, string b) =>
        string.Equals(CatalogVocabulary.Singular(a.ToLowerInvariant()), CatalogVocabulary.Singular(b.ToLowerInvariant()), StringComparison.Ordinal);

    private readonly record struct Token(int Start, int End, string Key);

    /// <summary>Runs of letters and digits ("1.5" stays one), outside e-mail addresses and links.</summary>
    private static List<Token> Tokens(string message)
    {
        var protectedSpans = Untouchable().Matches(message).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        var tokens = new List<Token>();
        foreach (Match match in Word().Matches(message))
        {
            int start = match.Index, end = match.Index + match.Length;
            if (protectedSpans.Any(p => start < p.End && end > p.Index)) continue;
            var key = CatalogSpelling.CompactKey(match.Value);
            if (key.Length > 0) tokens.Add(new Token(start, end, key));
        }
        return tokens;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"\S+@\S+|\bhttps?://\S+|\bwww\.\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Untouchable();
}
