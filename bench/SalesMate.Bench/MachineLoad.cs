using System.Globalization;

namespace SalesMate.Bench;

/// <summary>
/// How busy the rest of the machine was while we measured: CPU time used by all processes (from /proc/stat) minus
/// this process's own CPU time, as a share of the machine. Other builds or test runs on a 2-core box skew latency
/// percentiles a lot, so every result line is followed by this figure.
/// </summary>
internal readonly struct MachineLoad
{
    private readonly long _busyTicks;
    private readonly TimeSpan _ownCpu;
    private readonly long _timestamp;

    private MachineLoad(long busyTicks, TimeSpan ownCpu, long timestamp)
    {
        _busyTicks = busyTicks;
        _ownCpu = ownCpu;
        _timestamp = timestamp;
    }

    public static MachineLoad Start() => new(ReadBusyTicks(), Environment.CpuUsage.TotalTime, System.Diagnostics.Stopwatch.GetTimestamp());

    /// <summary>Share (0..1) of all cores used by other processes since <see cref="Start"/>; NaN when /proc/stat is unreadable.</summary>
    /// <param name="alsoOurs">CPU time of child processes that belong to the measurement (not "other work").</param>
    public double OthersShare(TimeSpan alsoOurs = default)
    {
        var busy = ReadBusyTicks();
        if (busy < 0 || _busyTicks < 0)
        {
            return double.NaN;
        }
        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(_timestamp).TotalSeconds;
        var allCpu = (busy - _busyTicks) / 100.0; // USER_HZ
        var ownCpu = (Environment.CpuUsage.TotalTime - _ownCpu + alsoOurs).TotalSeconds;
        return Math.Clamp((allCpu - ownCpu) / (wall * Environment.ProcessorCount), 0, 1);
    }

    /// <param name="includes">What else legitimately runs outside this process (e.g. the PostgreSQL server); no warning then.</param>
    public string Describe(string? includes = null)
    {
        var share = OthersShare();
        if (double.IsNaN(share))
        {
            return "other processes' CPU: unknown";
        }
        if (includes is not null)
        {
            return $"other processes used {share * 100:0}% of the machine's CPU during measurement (this includes {includes})";
        }
        var note = share > 0.10 ? "  <-- the machine was busy with other work; percentiles are inflated, re-run when quiet" : "";
        return $"other processes used {share * 100:0}% of the machine's CPU during measurement{note}";
    }

    private static long ReadBusyTicks()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal ...: busy = all but idle and iowait
            return fields.Take(8).Sum() - fields[3] - fields[4];
        }
        catch (IOException)
        {
            return -1;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
