using System.Numerics.Tensors;

namespace SalesMate.Vector;

/// <summary>
/// Unit vectors in one contiguous row-major <c>float[]</c>, searched exactly: one SIMD dot product
/// (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>) per row and a bounded min-heap for
/// the best k. Large matrices are split across the cores. <see cref="TopReranked(ReadOnlySpan{float}, int, Func{int, bool}?)"/>
/// finds the same rows from an int8 first pass. Immutable: changes build a new matrix.
/// </summary>
public sealed class VectorMatrix
{
    private const int ParallelThreshold = 32_768;

    private readonly float[] _values;
    private Int8Rows? _int8;

    public VectorMatrix(int dimensions, float[] values, int count)
    {
        Dimensions = dimensions;
        _values = values;
        Count = count;
    }

    public static VectorMatrix Empty(int dimensions) => new(dimensions, [], 0);

    public int Dimensions { get; }
    public int Count { get; }

    public ReadOnlySpan<float> Row(int index) => _values.AsSpan(index * Dimensions, Dimensions);

    /// <summary>The best <paramref name="limit"/> rows passing <paramref name="accept"/>, best first (ties: lower row first).</summary>
    public List<(int Row, float Score)> Top(ReadOnlySpan<float> query, int limit, Func<int, bool>? accept = null)
    {
        if (limit <= 0 || Count == 0 || query.Length != Dimensions)
        {
            return [];
        }
        if (Count < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            return Drain(Scan(query, 0, Count, limit, accept), limit);
        }
        var parts = Environment.ProcessorCount;
        var size = (Count + parts - 1) / parts;
        var heaps = new PriorityQueue<int, (float, int)>[parts];
        var q = query.ToArray();
        Parallel.For(0, parts, part => heaps[part] = Scan(q, part * size, Math.Min(Count, (part + 1) * size), limit, accept));
        var merged = new PriorityQueue<int, (float, int)>(limit + 1);
        foreach (var heap in heaps)
        {
            while (heap.TryDequeue(out var row, out var priority))
            {
                Offer(merged, row, priority.Item1, limit);
            }
        }
        return Drain(merged, limit);
    }

    /// <summary>
    /// The same answer as <see cref="Top"/> with far less memory traffic on large matrices: an int8 first pass
    /// (<see cref="Int8Rows"/>, a quarter of the bytes) picks the best max(8 × limit, 256) rows by approximate score, and
    /// those are re-ranked exactly with the float32 rows (same dot product, same tie rule as <see cref="Top"/>). It
    /// differs from <see cref="Top"/> only if a true top row ranks below that cut in the int8 order, which rounding to
    /// 1/254 of each row's largest component does not do in practice (see VectorMatrixTests). Small matrices, vectors
    /// over 4,096 dimensions and machines without AVX2 use <see cref="Top"/>.
    /// </summary>
    public List<(int Row, float Score)> TopReranked(ReadOnlySpan<float> query, int limit, Func<int, bool>? accept = null) =>
        TopReranked(query, limit, Math.Max(limit * 8, 256), accept);

    internal List<(int Row, float Score)> TopReranked(ReadOnlySpan<float> query, int limit, int candidates, Func<int, bool>? accept)
    {
        if (limit <= 0 || Count == 0 || query.Length != Dimensions)
        {
            return [];
        }
        if (!Int8Rows.IsSupported || Dimensions > 4096 || Count <= candidates * 4)
        {
            return Top(query, limit, accept);
        }
        var int8 = LazyInitializer.EnsureInitialized(ref _int8, () => Int8Rows.From(this));
        var best = new PriorityQueue<int, (float, int)>(limit + 1);
        foreach (var row in int8.Candidates(query, candidates, accept))
        {
            Offer(best, row, TensorPrimitives.Dot(query, Row(row)), limit);
        }
        return Drain(best, limit);
    }

    /// <summary>Builds the int8 copy for <see cref="TopReranked(ReadOnlySpan{float}, int, Func{int, bool}?)"/> now instead of on the first search.</summary>
    public void PrepareReranked()
    {
        if (Int8Rows.IsSupported && Dimensions <= 4096 && Count > 1024)
        {
            LazyInitializer.EnsureInitialized(ref _int8, () => Int8Rows.From(this));
        }
    }

    private PriorityQueue<int, (float Score, int NegRow)> Scan(ReadOnlySpan<float> query, int from, int to, int limit, Func<int, bool>? accept)
    {
        var best = new PriorityQueue<int, (float, int)>(limit + 1);
        var values = _values.AsSpan();
        var dimensions = Dimensions;
        var floor = float.NegativeInfinity;
        for (var row = from; row < to; row++)
        {
            if (accept is not null && !accept(row))
            {
                continue;
            }
            var score = TensorPrimitives.Dot(query, values.Slice(row * dimensions, dimensions));
            if (best.Count >= limit && score <= floor)
            {
                continue;
            }
            Offer(best, row, score, limit);
            if (best.Count >= limit)
            {
                best.TryPeek(out _, out var lowest);
                floor = lowest.Item1;
            }
        }
        return best;
    }

    internal static void Offer(PriorityQueue<int, (float, int)> heap, int row, float score, int limit)
    {
        heap.Enqueue(row, (score, -row));
        if (heap.Count > limit)
        {
            heap.Dequeue();
        }
    }

    private static List<(int, float)> Drain(PriorityQueue<int, (float, int)> heap, int limit)
    {
        var result = new List<(int, float)>(Math.Min(limit, heap.Count));
        while (heap.TryDequeue(out var row, out var priority))
        {
            result.Add((row, priority.Item1));
        }
        result.Reverse();
        return result;
    }
}
