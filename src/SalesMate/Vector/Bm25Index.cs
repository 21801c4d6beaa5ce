using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Vector;

/// <summary>
/// An in-memory BM25 inverted index over weighted fields. Built once per catalog version; searching touches only the
/// postings of the query's terms, so a query over 50,000 products stays in the low milliseconds.
/// </summary>
public sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly Dictionary<string, List<(int Doc, float Tf)>> _postings = new(StringComparer.Ordinal);
    private readonly float[] _docLength;
    private readonly double _avgLength;

    /// <param name="documents">Per document, its fields as (text, weight); a weight of 2 counts each term twice.</param>
    public Bm25Index(IReadOnlyList<IEnumerable<(string Text, float Weight)>> documents)
    {
        _docLength = new float[documents.Count];
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
                if (!_postings.TryGetValue(token, out var list))
                {
                    _postings[token] = list = [];
                }
                list.Add((doc, tf));
            }
        }
        _avgLength = documents.Count == 0 ? 1 : Math.Max(1, _docLength.Average());
    }

    public int DocumentCount => _docLength.Length;

    /// <summary>Scores every document containing at least one query term; higher is better.</summary>
    public Dictionary<int, double> Score(string query)
    {
        var scores = new Dictionary<int, double>();
        foreach (var term in TextNormalizer.Tokenize(query).Distinct())
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }
            var idf = Math.Log(1 + ((_docLength.Length - postings.Count + 0.5) / (postings.Count + 0.5)));
            foreach (var (doc, tf) in postings)
            {
                var norm = tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * _docLength[doc] / _avgLength))));
                scores[doc] = scores.GetValueOrDefault(doc) + (idf * norm);
            }
        }
        return scores;
    }
}
