using System.Buffers;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Vector;

/// <summary>
/// An in-memory BM25 inverted index over weighted fields. Built once per catalog version; a query touches only the
/// postings of its terms, and terms found in more than half the catalog ("a", "with", "for") are skipped when the
/// query has rarer ones, so chat-style queries over 50,000 products stay in the low milliseconds.
/// </summary>
public sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, (int Doc, float Tf)[]> _postings = new(StringComparer.Ordinal);
    private readonly float[] _docLength;
    private readonly double _avgLength;

    /// <param name="documents">Per document, its fields as (text, weight); a weight of 2 counts each term twice.</param>
    public Bm25Index(IReadOnlyList<IEnumerable<(string Text, float Weight)>> documents)
    {
        _docLength = new float[documents.Count];
        var postings = new Dictionary<string, List<(int, float)>>(StringComparer.Ordinal);
        var counts = new Dictionary<string, float>(StringComparer.Ordinal);
        for (var doc = 0; doc < documents.Count; doc++)
        {
            counts.Clear();
            foreach (var (text, weight) in documents[doc])
            {
                foreach (var token in TextNormalizer.Tokenize(text))
                {
                    counts[token] = counts.GetValueOrDefault(token) + weight;
                    _docLength[doc] += weight;
                }
            }
            foreach (var (token, tf) in counts)
            {
                if (!postings.TryGetValue(token, out var list))
                {
                    postings[token] = list = [];
                }
                list.Add((doc, tf));
            }
        }
        foreach (var (token, list) in postings)
        {
            _postings[token] = [.. list];
        }
        _avgLength = documents.Count == 0 ? 1 : Math.Max(1, _docLength.Average());
    }

    public int DocumentCount => _docLength.Length;

    /// <summary>The best <paramref name="limit"/> documents passing <paramref name="accept"/>, best first.</summary>
    public List<(int Doc, double Score)> Top(string query, int limit, Func<int, bool>? accept = null)
    {
        var terms = Terms(query);
        if (terms.Count == 0 || limit <= 0)
        {
            return [];
        }
        var scores = ArrayPool<double>.Shared.Rent(_docLength.Length);
        var touched = new List<int>();
        try
        {
            Array.Clear(scores, 0, _docLength.Length);
            foreach (var postings in terms)
            {
                var idf = Math.Log(1 + ((_docLength.Length - postings.Length + 0.5) / (postings.Length + 0.5)));
                foreach (var (doc, tf) in postings)
                {
                    if (scores[doc] == 0)
                    {
                        touched.Add(doc);
                    }
                    scores[doc] += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * _docLength[doc] / _avgLength))));
                }
            }
            return TopScores.Best(scores, touched, limit, accept);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
        }
    }

    /// <summary>The posting lists of the query's distinct known terms, without near-universal ones when rarer terms exist.</summary>
    private List<(int Doc, float Tf)[]> Terms(string query)
    {
        var known = TextNormalizer.Tokenize(query).Distinct()
            .Select(t => _postings.GetValueOrDefault(t))
            .OfType<(int, float)[]>()
            .ToList();
        var common = _docLength.Length / 2;
        var selective = known.Where(p => p.Length <= common).ToList();
        return selective.Count > 0 ? selective : known;
    }
}
