using System.Diagnostics;

namespace SalesMate.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Output);

/// <summary>Runs the real `salesmate` CLI (the built salesmate.dll) as a child process, with its own environment.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = TestEnvironment.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "salesmate.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["COLUMNS"] = "200";
        // The demo knowledge base stays out unless a test asks for it (it would store originals under the repository).
        start.Environment["DEMO__DOCUMENTS"] = "false";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout + await stderr);
    }

    public static Dictionary<string, string> DatabaseEnvironment(TestDatabase database) =>
        database.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), s => s.Value);
}
