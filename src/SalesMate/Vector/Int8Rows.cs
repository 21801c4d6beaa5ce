using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SalesMate.Vector;

/// <summary>
/// An int8 copy of a <see cref="VectorMatrix"/>'s rows for a first pass that only picks candidates: each row is scaled
/// by its largest component to [-127, 127] (a quarter of float32's bytes, and the scan is bound by memory traffic),
/// the query to [-32767, 32767] (its rounding error is negligible), and rows are scored with integer dot products
/// (AVX2 vpmaddwd). Scores are approximations of the cosine similarity; callers re-rank the candidates exactly.
/// </summary>
internal sealed class Int8Rows
{
    private const int ParallelThreshold = 32_768;

    private readonly sbyte[] _codes;
    private readonly float[] _scales;

    private Int8Rows(int dimensions, int count, sbyte[] codes, float[] scales)
    {
        Dimensions = dimensions;
        Count = count;
        _codes = codes;
        _scales = scales;
    }

    /// <summary>Only with AVX2: elsewhere the float32 scan (TensorPrimitives) is the faster path.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    public int Dimensions { get; }
    public int Count { get; }

    public static Int8Rows From(VectorMatrix matrix)
    {
        var d = matrix.Dimensions;
        var codes = new sbyte[(long)matrix.Count * d];
        var scales = new float[matrix.Count];
        for (var row = 0; row < matrix.Count; row++)
        {
            var values = matrix.Row(row);
            var max = System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values);
            var scale = Math.Abs(max) / 127f;
            scales[row] = scale;
            if (scale > 0)
            {
                var target = codes.AsSpan(row * d, d);
                for (var i = 0; i < d; i++)
                {
                    target[i] = (sbyte)Math.Clamp(MathF.Round(values[i] / scale), -127f, 127f);
                }
            }
        }
        return new Int8Rows(d, matrix.Count, codes, scales);
    }

    /// <summary>The <paramref name="limit"/> rows with the best approximate scores, in no particular order.</summary>
    public int[] Candidates(ReadOnlySpan<float> query, int limit, Func<int, bool>? accept)
    {
        var q = Quantize(query);
        if (Count < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            return Rows(Scan(q, 0, Count, limit, accept));
        }
        var parts = Environment.ProcessorCount;
        var size = (Count + parts - 1) / parts;
        var heaps = new PriorityQueue<int, (float, int)>[parts];
        Parallel.For(0, parts, part => heaps[part] = Scan(q, part * size, Math.Min(Count, (part + 1) * size), limit, accept));
        var merged = new PriorityQueue<int, (float, int)>(limit + 1);
        foreach (var heap in heaps)
        {
            while (heap.TryDequeue(out var row, out var priority))
            {
                VectorMatrix.Offer(merged, row, priority.Item1, limit);
            }
        }
        return Rows(merged);
    }

    /// <summary>Every row's approximate score, as the first pass computes it (for tests of its error).</summary>
    internal float[] ApproximateScores(ReadOnlySpan<float> query)
    {
        var q = Quantize(query);
        var scores = new float[Count];
        for (var row = 0; row < Count; row++)
        {
            scores[row] = Dot(q, _codes.AsSpan(row * Dimensions, Dimensions)) * _scales[row];
        }
        return scores;
    }

    private static short[] Quantize(ReadOnlySpan<float> query)
    {
        var max = Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(query));
        var q = new short[query.Length];
        if (max > 0)
        {
            for (var i = 0; i < q.Length; i++)
            {
                q[i] = (short)Math.Clamp(MathF.Round(query[i] / max * 32767f), -32767f, 32767f);
            }
        }
        return q;
    }

    private PriorityQueue<int, (float, int)> Scan(short[] query, int from, int to, int limit, Func<int, bool>? accept)
    {
        var best = new PriorityQueue<int, (float, int)>(limit + 1);
        var codes = _codes.AsSpan();
        var d = Dimensions;
        var floor = float.NegativeInfinity;
        for (var row = from; row < to; row++)
        {
            if (accept is not null && !accept(row))
            {
                continue;
            }
            var score = Dot(query, codes.Slice(row * d, d)) * _scales[row];
            if (best.Count >= limit && score <= floor)
            {
                continue;
            }
            VectorMatrix.Offer(best, row, score, limit);
            if (best.Count >= limit)
            {
                best.TryPeek(out _, out var lowest);
                floor = lowest.Item1;
            }
        }
        return best;
    }

    /// <summary>
    /// Integer dot product: 16 codes widened to shorts per step, multiplied and summed in pairs into ints (vpmaddwd).
    /// No overflow: |127 × 32767 × 2| per lane per step, over at most 2^31 / 8.3M = 258 steps (4,128 dimensions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Dot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> row)
    {
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && row.Length >= 32)
        {
            ref var q = ref MemoryMarshal.GetReference(query);
            ref var r = ref MemoryMarshal.GetReference(row);
            var a = Vector256<int>.Zero;
            var b = Vector256<int>.Zero;
            for (; i <= row.Length - 32; i += 32)
            {
                var x0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)i));
                var x1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r, (nuint)(i + 16)));
                a = Avx2.Add(a, Avx2.MultiplyAddAdjacent(x0, Vector256.LoadUnsafe(ref q, (nuint)i)));
                b = Avx2.Add(b, Avx2.MultiplyAddAdjacent(x1, Vector256.LoadUnsafe(ref q, (nuint)(i + 16))));
            }
            sum = Vector256.Sum(Avx2.Add(a, b));
        }
        for (; i < row.Length; i++)
        {
            sum += query[i] * row[i];
        }
        return sum;
    }

    private static int[] Rows(PriorityQueue<int, (float, int)> heap)
    {
        var rows = new int[heap.Count];
        var n = 0;
        while (heap.TryDequeue(out var row, out _))
        {
            rows[n++] = row;
        }
        return rows;
    }
}
