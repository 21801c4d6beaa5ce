namespace SalesMate.Services.Rag;

/// <summary>
/// Reciprocal rank fusion (Cormack et al., 2009): an item's score is the sum over the rankings that contain it of
/// 1 / (k + rank), rank from 1. Only ranks count, so bm25 and cosine scores need no calibration against each other.
/// Ties go to the item with the better best rank, then to the first ranking's order.
/// </summary>
public static class ReciprocalRankFusion
{
    public const int DefaultK = 60;

    /// <summary>The fused ranking, best first, with each item's 1-based rank in every input (null where absent).</summary>
    public static List<(T Item, double Score, int?[] Ranks)> Fuse<T>(int k, params IReadOnlyList<T>[] rankings) where T : notnull
    {
        var fused = new Dictionary<T, (double Score, int?[] Ranks, int FirstSeen)>();
        var seen = 0;
        for (var list = 0; list < rankings.Length; list++)
        {
            for (var i = 0; i < rankings[list].Count; i++)
            {
                var item = rankings[list][i];
                if (!fused.TryGetValue(item, out var entry))
                {
                    entry = (0, new int?[rankings.Length], seen++);
                }
                if (entry.Ranks[list] is not null)
                {
                    continue; // an item listed twice in one ranking counts once, at its better rank
                }
                entry.Ranks[list] = i + 1;
                fused[item] = (entry.Score + (1.0 / (k + i + 1)), entry.Ranks, entry.FirstSeen);
            }
        }
        return fused
            .OrderByDescending(e => e.Value.Score)
            .ThenBy(e => e.Value.Ranks.Where(r => r is not null).Min())
            .ThenBy(e => e.Value.FirstSeen)
            .Select(e => (e.Key, e.Value.Score, e.Value.Ranks))
            .ToList();
    }
}
