namespace SalesMate.Services.Rag.Evaluation;

public sealed record QueryScore(string QueryId, double Ndcg, double Recall, double ReciprocalRank, IReadOnlyList<string> Top);

/// <summary>Mean nDCG@10, Recall@10 and MRR of one retrieval mode over an evaluation set, with the per-query scores.</summary>
public sealed record ModeScores(RetrievalMode Mode, double Ndcg, double Recall, double Mrr, IReadOnlyList<QueryScore> Queries);

/// <summary>Runs every query of a set in BM25-only, vector-only and hybrid mode and scores the rankings against the judgements.</summary>
public static class RetrievalEvaluator
{
    public const int Depth = 10;

    public static readonly RetrievalMode[] Modes = [RetrievalMode.FullText, RetrievalMode.Vector, RetrievalMode.Hybrid];

    /// <param name="search">The ranked item ids (SKUs, passage ids) for a query in a mode, best first, without duplicates.</param>
    public static async Task<IReadOnlyList<ModeScores>> EvaluateAsync(EvaluationSet set,
        Func<string, RetrievalMode, CancellationToken, Task<IReadOnlyList<string>>> search, CancellationToken cancellationToken)
    {
        var results = new List<ModeScores>();
        foreach (var mode in Modes)
        {
            var scores = new List<QueryScore>();
            foreach (var query in set.Queries.Where(q => set.For(q.Id).Values.Any(g => g > 0)))
            {
                var ranked = await search(query.Text, mode, cancellationToken);
                var grades = set.For(query.Id);
                scores.Add(new QueryScore(query.Id,
                    RetrievalMetrics.NdcgAt(ranked, grades, Depth),
                    RetrievalMetrics.RecallAt(ranked, grades, Depth),
                    RetrievalMetrics.ReciprocalRank(ranked, grades),
                    [.. ranked.Take(Depth)]));
            }
            results.Add(new ModeScores(mode,
                scores.Count == 0 ? 0 : scores.Average(s => s.Ndcg),
                scores.Count == 0 ? 0 : scores.Average(s => s.Recall),
                scores.Count == 0 ? 0 : scores.Average(s => s.ReciprocalRank),
                scores));
        }
        return results;
    }

    /// <summary>The id a passage is judged by: "{file name}#{section slug}" (passages of one section count once).</summary>
    public static string PassageId(RetrievedPassage passage) => $"{passage.FileName}#{MarkdownSections.Slug(passage.Section ?? "")}";
}
