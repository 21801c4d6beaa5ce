using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace SalesMate.Bench;

/// <summary>
/// Wall time from Process.Start of `dotnet salesmate.dll serve ...` to the first HTTP 200 from GET /health, polled
/// every 5 ms over loopback. "fresh" gives each launch a new SQLite file (migration + demo seed happen before Kestrel
/// listens); "seeded" reuses one already-seeded file. Each child is stopped with SIGTERM (then killed) before the next.
/// </summary>
internal static class StartupBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var runs = options.Int("runs", 5, 1, 100);
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 60, 1, 600));
        var root = RepoPaths.Root(options);
        var dll = Path.GetFullPath(options.String("dll") ?? Path.Combine(root, "src", "SalesMate", "bin", "Release", "net10.0", "salesmate.dll"));
        if (!File.Exists(dll))
        {
            throw new ArgumentException($"{dll} does not exist; build it first: dotnet build -c Release src/SalesMate");
        }
        var env = (options.String("env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(kv => kv.Split('=', 2))
            .Select(kv => kv.Length == 2 ? (kv[0], kv[1]) : throw new ArgumentException("--env takes NAME=VALUE[,NAME=VALUE...]"))
            .ToList();
        ChildEnvironment = env;
        var workDir = Directory.CreateTempSubdirectory("salesmate-startup-").FullName;
        Console.WriteLine($"startup: runs={runs} dll={dll}{(env.Count > 0 ? $" env: {string.Join(' ', env.Select(e => $"{e.Item1}={e.Item2}"))}" : "")}");
        Console.WriteLine($"  host: {BuildInfo.Describe()}; child: dotnet {Path.GetFileName(dll)} serve (its own runtimeconfig)");

        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(2) };
            var seededDb = Path.Combine(workDir, "seeded.db");

            // Unmeasured warm-up launch: pulls the runtime and app files into the page cache and seeds seededDb.
            var warm = await LaunchAsync(http, dll, root, seededDb, fresh: true, timeout);
            Console.WriteLine($"  warm-up launch (fresh db, unmeasured): {Stats.Ms(warm)} ms ({LastRunNote})");

            var fresh = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var ms = await LaunchAsync(http, dll, root, Path.Combine(workDir, $"fresh-{i}.db"), fresh: true, timeout);
                fresh.Add(ms);
                Console.WriteLine($"  fresh  #{i + 1}: {Stats.Ms(ms)} ms ({LastRunNote})");
            }
            var seeded = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var ms = await LaunchAsync(http, dll, root, seededDb, fresh: false, timeout);
                seeded.Add(ms);
                Console.WriteLine($"  seeded #{i + 1}: {Stats.Ms(ms)} ms ({LastRunNote})");
            }

            Console.WriteLine();
            foreach (var (name, samples) in new[] { ("fresh", fresh), ("seeded", seeded) })
            {
                var st = new Stats(samples);
                Console.WriteLine($"RESULT startup {name}: runs={st.Count} min={Stats.Ms(st.Min)} median={Stats.Ms(Median(samples))} max={Stats.Ms(st.Max)} ms");
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(workDir, recursive: true);
        }
    }

    private static string LastRunNote { get; set; } = "";

    private static List<(string Name, string Value)> ChildEnvironment { get; set; } = [];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// One measured launch. A child that exits with code 0 before answering was stopped from outside (another process
    /// sending SIGTERM); that launch is discarded and repeated, at most twice, and said so.
    /// </summary>
    private static async Task<double> LaunchAsync(HttpClient http, string dll, string root, string dbFile, bool fresh, TimeSpan timeout)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await LaunchOnceAsync(http, dll, root, dbFile, timeout);
            }
            catch (ExitedEarlyException ex) when (ex.ExitCode == 0 && attempt < 3)
            {
                Console.WriteLine($"  (launch stopped from outside before /health answered; discarded and repeated, attempt {attempt + 1})");
                if (fresh)
                {
                    SqliteConnection.ClearAllPools();
                    foreach (var suffix in new[] { "", "-wal", "-shm" })
                    {
                        File.Delete(dbFile + suffix);
                    }
                }
            }
        }
    }

    private sealed class ExitedEarlyException(int exitCode, string message) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }

    private static async Task<double> LaunchOnceAsync(HttpClient http, string dll, string root, string dbFile, TimeSpan timeout)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "serve",
                     $"--urls=http://127.0.0.1:{port}",
                     "--database:provider=sqlite",
                     $"--database:connection_string=Data Source={dbFile}",
                     "--logging:console=false",
                     "--logging:path=",
                     "--logging:level=WARN",
                     $"--app:data_dir={Path.Combine(root, "data")}",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in ChildEnvironment)
        {
            start.Environment[name] = value;
        }

        var health = new Uri($"http://127.0.0.1:{port}/health");
        var load = MachineLoad.Start();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new ExitedEarlyException(process.ExitCode,
                        $"salesmate exited with {process.ExitCode} before /health answered:\n{await stdout}\n{await stderr}");
                }
                if (watch.Elapsed > timeout)
                {
                    throw new TimeoutException($"/health did not answer 200 within {timeout.TotalSeconds} s");
                }
                try
                {
                    using var response = await http.GetAsync(health);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var elapsed = watch.Elapsed.TotalMilliseconds;
                        process.Refresh();
                        var others = load.OthersShare(process.TotalProcessorTime);
                        LastRunNote = $"child CPU {process.TotalProcessorTime.TotalMilliseconds:0} ms, other processes {others * 100:0}% of the machine";
                        return elapsed;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException)
                {
                    // a request that hung past the 2 s client timeout; try again
                }
                await Task.Delay(5);
            }
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
