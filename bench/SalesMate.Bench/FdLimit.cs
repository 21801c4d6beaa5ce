using System.Runtime.InteropServices;

namespace SalesMate.Bench;

/// <summary>
/// RLIMIT_NOFILE of this process (Linux). The .NET runtime already lifts the soft limit to the hard limit at start-up;
/// <see cref="Ensure"/> raises both when more descriptors are needed, which works only with CAP_SYS_RESOURCE (root).
/// </summary>
internal static class FdLimit
{
    private const int RlimitNofile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);

    public static (ulong Soft, ulong Hard) Current()
    {
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0)
        {
            return (0, 0);
        }
        return (limit.Current, limit.Maximum);
    }

    /// <summary>Makes the soft limit at least <paramref name="wanted"/>; returns a line describing what happened.</summary>
    public static string Ensure(ulong wanted)
    {
        var (soft, hard) = Current();
        if (soft == 0)
        {
            return "open-files limit: unknown (not Linux)";
        }
        if (soft >= wanted)
        {
            return $"open-files limit (ulimit -n): {soft} (hard {hard}), enough for {wanted}";
        }
        var next = new RLimit { Current = wanted, Maximum = Math.Max(hard, wanted) };
        if (setrlimit(RlimitNofile, ref next) == 0)
        {
            return $"open-files limit raised from {soft} (hard {hard}) to {wanted} in this process";
        }
        var errno = Marshal.GetLastPInvokeError();
        if (hard > soft)
        {
            var toHard = new RLimit { Current = hard, Maximum = hard };
            _ = setrlimit(RlimitNofile, ref toHard);
        }
        var (nowSoft, nowHard) = Current();
        return $"open-files limit: could not raise to {wanted} (errno {errno}; not root?); now {nowSoft} (hard {nowHard}) -- streams beyond that will fail";
    }

    public static int OpenNow()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
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
