using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>
/// A real PostgreSQL 17 with the real pgvector extension: PGlite (WASM) from npm, served over the Postgres wire protocol
/// by Rag/pglite/server.mjs on a free loopback port. The packages are installed with `npm ci` from the committed lock
/// file into a temp folder named after its hash (as OpenAiCompat/NodeClient.cs does). PGlite serves one connection at a
/// time, so clients must use a pool of one.
/// </summary>
public sealed class PgliteServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly Process _process;

    private PgliteServer(Process process, int port)
    {
        _process = process;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres;SSL Mode=Disable;" +
                           "Timeout=60;Command Timeout=120";
    }

    public string ConnectionString { get; }

    private static string SourceDir => Path.Combine(TestEnvironment.RepoRoot, "tests", "SalesMate.Tests", "Rag", "pglite");

    public static async Task<PgliteServer> StartAsync()
    {
        var dir = await InstallAsync();
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(dir, "server.mjs"));
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                throw new InvalidOperationException($"PGlite exited before it was ready: {await stderr}");
            }
            if (line.StartsWith("READY", StringComparison.Ordinal))
            {
                break;
            }
        }
        return new PgliteServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> InstallAsync()
    {
        var lockFile = Path.Combine(SourceDir, "package-lock.json");
        var hash = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(lockFile)))[..16];
        var dir = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"pglite-{hash}");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(dir, "node_modules", "@electric-sql", "pglite-socket", "package.json")))
            {
                var staging = $"{dir}.{Guid.NewGuid():N}";
                Directory.CreateDirectory(staging);
                File.Copy(Path.Combine(SourceDir, "package.json"), Path.Combine(staging, "package.json"));
                File.Copy(lockFile, Path.Combine(staging, "package-lock.json"));
                var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                {
                    WorkingDirectory = staging,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                var output = npm.StandardOutput.ReadToEndAsync();
                var errors = npm.StandardError.ReadToEndAsync();
                await npm.WaitForExitAsync();
                npm.ExitCode.Should().Be(0, $"npm ci must install PGlite (node and npm are needed):\n{await output}\n{await errors}");
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
                Directory.Move(staging, dir);
            }
            File.Copy(Path.Combine(SourceDir, "server.mjs"), Path.Combine(dir, "server.mjs"), overwrite: true);
        }
        finally
        {
            InstallLock.Release();
        }
        return dir;
    }
}
