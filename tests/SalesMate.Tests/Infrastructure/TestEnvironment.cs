using System.Runtime.CompilerServices;

namespace SalesMate.Tests.Infrastructure;

/// <summary>Process-wide settings every app under test shares: quiet logs, the repo's demo data.</summary>
internal static class TestEnvironment
{
    public static string RepoRoot { get; } = FindRepoRoot();

    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("LOGGING__CONSOLE", "false");
        Environment.SetEnvironmentVariable("LOGGING__PATH", Path.Combine(Path.GetTempPath(), "salesmate-tests", "app.jsonl"));
        Environment.SetEnvironmentVariable("LOGGING__LEVEL", "WARN");
        Environment.SetEnvironmentVariable("APP__DATA_DIR", Path.Combine(RepoRoot, "data"));
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SalesMate.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (SalesMate.slnx).");
    }
}
