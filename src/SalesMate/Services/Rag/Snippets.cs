namespace SalesMate.Services.Rag;

/// <summary>The part of a passage to show under a citation: the sentences with the most query words, about 300 characters.</summary>
public static class Snippets
{
    private const int MaxChars = 300;

    public static string For(string text, IReadOnlyList<string> terms)
    {
        var clean = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length <= MaxChars)
        {
            return clean;
        }
        var sentences = Sentences(clean);
        var best = 0;
        var bestHits = -1;
        for (var i = 0; i < sentences.Count; i++)
        {
            var hits = Hits(sentences[i], terms);
            if (hits > bestHits)
            {
                (best, bestHits) = (i, hits);
            }
        }
        var snippet = sentences[best];
        for (var next = best + 1; next < sentences.Count && snippet.Length + sentences[next].Length + 1 <= MaxChars; next++)
        {
            snippet += " " + sentences[next];
        }
        if (snippet.Length > MaxChars)
        {
            var cut = snippet.LastIndexOf(' ', MaxChars - 1);
            snippet = snippet[..(cut > MaxChars / 2 ? cut : MaxChars - 1)] + "…";
        }
        return best > 0 ? "…" + snippet : snippet;
    }

    private static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || text[i + 1] == ' '))
            {
                sentences.Add(text[start..(i + 1)].Trim());
                start = i + 1;
            }
        }
        if (start < text.Length && text[start..].Trim() is { Length: > 0 } rest)
        {
            sentences.Add(rest);
        }
        return sentences;
    }

    /// <summary>Query words found in the sentence, matching on a shared stem of up to five letters ("returns" finds "returned").</summary>
    private static int Hits(string sentence, IReadOnlyList<string> terms) =>
        terms.Count(term => sentence.Contains(term.Length > 5 ? term[..5] : term, StringComparison.OrdinalIgnoreCase));
}
