namespace SalesMate.Services.Rag.Evaluation;

/// <summary>
/// Standard ranking metrics over one ranked list and its graded judgements: nDCG@k with exponential gain
/// (2^grade - 1) and log2 discount, Recall@k and reciprocal rank counting grades of 1 and above as relevant.
/// </summary>
public static class RetrievalMetrics
{
    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        var ideal = Dcg(grades.Values.Where(g => g > 0).OrderDescending().Take(k).ToList());
        return ideal == 0 ? 0 : Dcg(ranked.Take(k).Select(id => grades.GetValueOrDefault(id)).ToList()) / ideal;
    }

    public static double RecallAt(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades, int k)
    {
        var relevant = grades.Count(g => g.Value > 0);
        return relevant == 0 ? 0 : (double)ranked.Take(k).Count(id => grades.GetValueOrDefault(id) > 0) / relevant;
    }

    public static double ReciprocalRank(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        for (var i = 0; i < ranked.Count; i++)
        {
            if (grades.GetValueOrDefault(ranked[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    private static double Dcg(IReadOnlyList<int> grades)
    {
        var sum = 0.0;
        for (var i = 0; i < grades.Count; i++)
        {
            sum += (Math.Pow(2, grades[i]) - 1) / Math.Log2(i + 2);
        }
        return sum;
    }
}
