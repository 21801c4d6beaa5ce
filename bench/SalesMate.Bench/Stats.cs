using System.Globalization;

namespace SalesMate.Bench;

/// <summary>Latency samples in milliseconds; percentiles by nearest rank on the sorted samples.</summary>
internal sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> samples)
    {
        _sorted = samples.ToArray();
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double Min => Count == 0 ? double.NaN : _sorted[0];

    public double Max => Count == 0 ? double.NaN : _sorted[^1];

    public double Mean => Count == 0 ? double.NaN : _sorted.Average();

    /// <summary>Nearest-rank percentile: the smallest sample with at least p% of samples at or below it.</summary>
    public double P(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(percentile / 100.0 * Count);
        return _sorted[Math.Clamp(rank - 1, 0, Count - 1)];
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "0.000" : value < 100 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public string Line(params double[] percentiles) =>
        $"n={Count}  " + string.Join("  ", percentiles.Select(p => $"p{p.ToString(CultureInfo.InvariantCulture)}={Ms(P(p))}")) +
        $"  max={Ms(Max)}  mean={Ms(Mean)}  (ms)";
}
