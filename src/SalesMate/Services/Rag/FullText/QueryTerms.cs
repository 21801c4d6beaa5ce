using System.Text.RegularExpressions;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// The searchable words of a question: letters and digits only (so nothing reaches FTS5 or tsquery syntax), lower-case,
/// distinct, without the commonest English function words, at most 32. Joined with OR: ranking, not matching every
/// word, decides what comes first.
/// </summary>
public static partial class QueryTerms
{
    private const int MaxTerms = 32;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "did", "for", "from", "how", "i", "if", "in", "is",
        "it", "its", "me", "my", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "was", "we", "what", "when",
        "where", "which", "who", "why", "will", "with", "you", "your", "there", "these", "those", "am", "been", "get", "got",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    public static IReadOnlyList<string> Of(string query) =>
        Word().Matches(query.ToLowerInvariant())
            .Select(m => m.Value)
            .Where(w => !StopWords.Contains(w))
            .Distinct(StringComparer.Ordinal)
            .Take(MaxTerms)
            .ToList();

    /// <summary>FTS5 MATCH expression: "w1" OR "w2" ...</summary>
    public static string Fts5(IReadOnlyList<string> terms) => string.Join(" OR ", terms.Select(t => $"\"{t}\""));

    /// <summary>to_tsquery input: w1 | w2 ... (each word is normalised by the text search configuration).</summary>
    public static string TsQuery(IReadOnlyList<string> terms) => string.Join(" | ", terms);
}
