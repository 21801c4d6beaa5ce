namespace SalesMate.Vector;

/// <summary>Picking the best few of many scored items without sorting them all.</summary>
public static class TopScores
{
    /// <summary>
    /// The best <paramref name="limit"/> of <paramref name="items"/> by <c>scores[item]</c> that pass
    /// <paramref name="accept"/>, best first, ties to the lower item: a min-heap of the best so far, O(n log limit).
    /// </summary>
    public static List<(int Item, double Score)> Best(double[] scores, List<int> items, int limit, Func<int, bool>? accept)
    {
        var best = new PriorityQueue<int, (double Score, int NegativeItem)>(Math.Min(limit, items.Count) + 1);
        foreach (var item in items)
        {
            if (accept is not null && !accept(item))
            {
                continue;
            }
            best.Enqueue(item, (scores[item], -item));
            if (best.Count > limit)
            {
                best.Dequeue();
            }
        }
        var result = new List<(int, double)>(best.Count);
        while (best.TryDequeue(out var item, out var priority))
        {
            result.Add((item, priority.Score));
        }
        result.Reverse();
        return result;
    }
}
