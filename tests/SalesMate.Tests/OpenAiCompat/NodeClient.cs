using System.Diagnostics;
using System.Security.Cryptography;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.OpenAiCompat;

public sealed record NodeResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs OpenAiCompat/node/client.mjs (the official `openai` npm client) with node. The packages are installed with
/// `npm ci` from the committed package-lock.json into a temp folder named after the lock file's hash, once per lock file
/// (the source tree stays free of node_modules); only the first run needs the npm registry.
/// </summary>
internal static class NodeClient
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static string SourceDir => Path.Combine(TestEnvironment.RepoRoot, "tests", "SalesMate.Tests", "OpenAiCompat", "node");

    public static async Task<NodeResult> RunAsync(IDictionary<string, string> environment)
    {
        var dir = await InstallAsync();
        return await ExecAsync("node", [Path.Combine(dir, "client.mjs")], dir, environment, TimeSpan.FromMinutes(2));
    }

    private static async Task<string> InstallAsync()
    {
        var lockFile = Path.Combine(SourceDir, "package-lock.json");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)))[..16];
        var dir = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"openai-node-{hash}");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(dir, "node_modules", "openai", "package.json")))
            {
                // Installed next to the final folder and moved into place, so an interrupted install is never reused.
                var staging = $"{dir}.{Guid.NewGuid():N}";
                Directory.CreateDirectory(staging);
                File.Copy(Path.Combine(SourceDir, "package.json"), Path.Combine(staging, "package.json"));
                File.Copy(lockFile, Path.Combine(staging, "package-lock.json"));
                var install = await ExecAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], staging, new Dictionary<string, string>(),
                    TimeSpan.FromMinutes(5));
                install.ExitCode.Should().Be(0, $"npm ci must install the openai client (node and npm are needed):\n{install.Stdout}\n{install.Stderr}");
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
                Directory.Move(staging, dir);
            }
            File.Copy(Path.Combine(SourceDir, "client.mjs"), Path.Combine(dir, "client.mjs"), overwrite: true);
        }
        finally
        {
            InstallLock.Release();
        }
        return dir;
    }

    private static async Task<NodeResult> ExecAsync(string file, string[] args, string workingDirectory, IDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return new NodeResult(process.ExitCode, await stdout, await stderr);
    }
}
