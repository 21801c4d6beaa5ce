using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SalesMate.Bench;

/// <summary>
/// Starts the real app in this process (SalesMateApp.Build + StartAsync on 127.0.0.1, a free port), then N clients each
/// hold a session and run scripted shopper conversations over HTTP. Each conversation is the script below, in order,
/// so follow-ups ("cheaper", "compare the first two") refer to what the previous turn showed.
/// </summary>
internal static class TurnsBenchmark
{
    /// <summary>One shopper conversation; a client starts a new conversation each time it reaches the end.</summary>
    public static readonly string[] Script =
    [
        "I need a gaming laptop under $1500",
        "cheaper",
        "compare the first two",
        "tell me more about the second one",
        "noise cancelling headphones under 300",
        "compare the first two",
        "what about Sony?",
        "tell me more about the first one",
        "I want a 4K monitor for photo editing",
        "show me something better",
        "a phone with a good camera under $800",
        "compare the first two",
        "smart watch with GPS for running",
        "cheaper",
        "thanks!",
    ];

    private sealed record Sample(double ClientMs, double ServerMs, int Step, string Intent, int Products);

    public static async Task<int> RunAsync(Options options)
    {
        var db = options.String("db", "sqlite")!;
        if (db is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--db must be sqlite or postgres.");
        }
        var clients = options.Int("clients", 1, 1, 1024);
        var turns = options.Int("turns", 500, 1, 1_000_000);
        var warmup = options.Int("warmup", Math.Max(Script.Length, 280 / clients), 0, 1_000_000);
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 300, 1, 3600));
        var keep = options.Has("keep-db");
        using var breakdown = options.Has("breakdown") ? new TurnBreakdown() : null;
        using var pragmas = options.String("sqlite-pragmas") is { } p ? new SqlitePragmaWhatIf(p) : null;
        if (pragmas is not null && db != "sqlite")
        {
            throw new ArgumentException("--sqlite-pragmas only applies to --db sqlite.");
        }
        var root = RepoPaths.Root(options);

        Console.WriteLine($"turns: db={db} clients={clients} turns/client={turns} warmup/client={warmup}");
        Console.WriteLine($"  {BuildInfo.Describe()}");
        if (pragmas is not null)
        {
            Console.WriteLine($"  WHAT-IF (not the shipped configuration): every SQLite connection runs `{pragmas.Sql}`");
        }

        await using var database = db == "sqlite"
            ? TempDatabase.Sqlite()
            : await TempDatabase.PostgresAsync(options.String("pg") ?? throw new ArgumentException("--db postgres needs --pg \"Host=...;Port=...;Username=...;Database=postgres\"."));
        database.Keep = keep;

        var startedAt = Stopwatch.GetTimestamp();
        string[] appArgs =
        [
            "--urls=http://127.0.0.1:0",
            $"--database:provider={db}",
            $"--database:connection_string={database.ConnectionString}",
            "--logging:console=false",
            "--logging:path=",
            "--logging:level=WARN",
            $"--app:data_dir={Path.Combine(root, "data")}",
            "--environment=Production",
            .. BenchAppSettings.Common(),
        ];
        var app = SalesMateApp.Build(appArgs);
        await app.StartAsync();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Console.WriteLine($"  app started (migrate + seed) in {Stats.Ms(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds)} ms on {baseAddress}; database: {database.Description}");

        try
        {
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = clients + 4,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                UseCookies = false, // the session travels in X-Session-Token, as a non-browser client would send it
                AutomaticDecompression = DecompressionMethods.None,
            };
            using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using (var health = await http.GetAsync(new Uri("/health", UriKind.Relative)))
            {
                health.EnsureSuccessStatusCode();
            }

            // Warm-up: every client runs `warmup` unmeasured turns (JIT tiering, catalog index build, connection pools).
            var warmupWatch = Stopwatch.StartNew();
            var shoppers = Enumerable.Range(0, clients).Select(i => new Shopper(http, i)).ToArray();
            await Task.WhenAll(shoppers.Select(s => s.RunAsync(warmup, null, null, CancellationToken.None)));
            Console.WriteLine($"  warm-up: {clients * warmup} turns in {warmupWatch.ElapsedMilliseconds} ms");

            // Measured phase: each client starts a fresh conversation and sends `turns` messages.
            var samples = new ConcurrentBag<Sample>();
            var starts = new ConcurrentBag<double>();
            foreach (var s in shoppers)
            {
                s.ResetConversation();
            }
            using var cts = new CancellationTokenSource(timeout);
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pauseBefore = GC.GetTotalPauseDuration();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            breakdown?.Record(true);
            var load = MachineLoad.Start();
            var measured = Stopwatch.StartNew();
            var pool = PoolSampler.Start();
            await Task.WhenAll(shoppers.Select(s => s.RunAsync(turns, samples, starts, cts.Token)));
            measured.Stop();
            var poolSummary = await pool.StopAsync();
            breakdown?.Record(false);
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var gcAfter = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var pause = GC.GetTotalPauseDuration() - pauseBefore;

            var all = samples.ToArray();
            var client = new Stats(all.Select(s => s.ClientMs));
            var server = new Stats(all.Select(s => s.ServerMs));
            var errors = shoppers.Sum(s => s.Errors);
            Console.WriteLine();
            Console.WriteLine($"RESULT turns db={db}{(pragmas is null ? "" : " (what-if pragmas)")} clients={clients}: count={client.Count} errors={errors} " +
                              $"p50={Stats.Ms(client.P(50))} p90={Stats.Ms(client.P(90))} p99={Stats.Ms(client.P(99))} max={Stats.Ms(client.Max)} ms, " +
                              $"throughput={(client.Count / measured.Elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)} turns/s " +
                              $"(wall {measured.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
            Console.WriteLine($"  {load.Describe(db == "postgres" ? "the PostgreSQL server processes and their I/O" : null)}");
            Console.WriteLine($"  thread pool: {poolSummary}");
            Console.WriteLine($"  client-observed turn      {client.Line(50, 90, 95, 99)}");
            Console.WriteLine($"  server response_time_ms   {server.Line(50, 90, 95, 99)}");
            Console.WriteLine($"  conversation start (POST /chat/start, not in turns) {new Stats(starts).Line(50, 90, 99)}");
            Console.WriteLine($"  GCs during measurement: gen0={gcAfter.Item1 - gcBefore.Item1} gen1={gcAfter.Item2 - gcBefore.Item2} gen2={gcAfter.Item3 - gcBefore.Item3}, " +
                              $"total pause {Stats.Ms(pause.TotalMilliseconds)} ms; process CPU {Stats.Ms(cpu.TotalMilliseconds / Math.Max(1, client.Count))} ms/turn " +
                              $"({cpu.TotalSeconds / measured.Elapsed.TotalSeconds / Environment.ProcessorCount * 100:0}% of {Environment.ProcessorCount} cores), " +
                              $"allocated {allocated / 1024.0 / Math.Max(1, client.Count):0} KB/turn (client + server share the process)");
            Console.WriteLine("  per script step (client ms p50 / p99; the app's intent and products shown, most common):");
            foreach (var group in all.GroupBy(s => s.Step).OrderBy(g => g.Key))
            {
                var st = new Stats(group.Select(s => s.ClientMs));
                var intent = group.GroupBy(s => (s.Intent, s.Products)).OrderByDescending(g => g.Count()).First().Key;
                Console.WriteLine($"    {group.Key,2} {Script[group.Key],-40} n={st.Count,5} p50={Stats.Ms(st.P(50)),7} p99={Stats.Ms(st.P(99)),7}  {intent.Intent} ({intent.Products})");
            }
            breakdown?.Print(all.Select(s => s.ClientMs).ToArray());
            if (cts.IsCancellationRequested)
            {
                Console.WriteLine($"  NOTE: stopped by --timeout {timeout.TotalSeconds} s before all turns were sent.");
            }
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>One simulated shopper: one session, conversations of the script, one request in flight at a time.</summary>
    private sealed class Shopper(HttpClient http, int index)
    {
        private string? _token;
        private string? _conversationId;
        private int _step;

        public int Errors { get; private set; }

        public void ResetConversation()
        {
            _conversationId = null;
            _step = 0;
        }

        public async Task RunAsync(int turns, ConcurrentBag<Sample>? samples, ConcurrentBag<double>? starts, CancellationToken cancellationToken)
        {
            for (var sent = 0; sent < turns && !cancellationToken.IsCancellationRequested; sent++)
            {
                if (_conversationId is null || _step >= Script.Length)
                {
                    var startWatch = Stopwatch.GetTimestamp();
                    await StartConversationAsync(cancellationToken);
                    starts?.Add(Stopwatch.GetElapsedTime(startWatch).TotalMilliseconds);
                    _step = 0;
                }
                var step = _step++;
                var body = JsonSerializer.Serialize(new Dictionary<string, string>
                {
                    ["conversation_id"] = _conversationId!,
                    ["message"] = Script[step],
                });
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/chat/message", UriKind.Relative))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-Session-Token", _token);

                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

                if (!response.IsSuccessStatusCode)
                {
                    Errors++;
                    if (Errors <= 3)
                    {
                        Console.Error.WriteLine($"  client {index}: HTTP {(int)response.StatusCode} for '{Script[step]}': {Encoding.UTF8.GetString(bytes)}");
                    }
                    continue;
                }
                using var json = JsonDocument.Parse(bytes);
                var serverMs = json.RootElement.TryGetProperty("response_time_ms", out var rt) ? rt.GetDouble() : double.NaN;
                var intent = json.RootElement.TryGetProperty("intent", out var it) ? it.GetString() ?? "" : "";
                var shown = json.RootElement.TryGetProperty("products", out var ps) && ps.ValueKind == JsonValueKind.Array ? ps.GetArrayLength() : 0;
                samples?.Add(new Sample(elapsed, serverMs, step, intent, shown));
            }
        }

        private async Task StartConversationAsync(CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/chat/start", UriKind.Relative))
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            };
            if (_token is not null)
            {
                request.Headers.Add("X-Session-Token", _token);
            }
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/v1/chat/start -> {(int)response.StatusCode}: {text}");
            }
            using var json = JsonDocument.Parse(text);
            _conversationId = json.RootElement.GetProperty("conversation_id").GetString();
            if (json.RootElement.TryGetProperty("session_token", out var token) && token.ValueKind == JsonValueKind.String)
            {
                _token = token.GetString();
            }
        }
    }

    /// <summary>Samples the thread pool every 10 ms on a dedicated thread: queued work items and threads.</summary>
    private sealed class PoolSampler
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(long Pending, int Threads)> _samples = [];
        private Thread? _thread;

        public static PoolSampler Start()
        {
            var sampler = new PoolSampler();
            sampler._thread = new Thread(() =>
            {
                while (!sampler._stop.IsCancellationRequested)
                {
                    sampler._samples.Add((ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount));
                    sampler._stop.Token.WaitHandle.WaitOne(10); // the sampling period; returns at once on stop
                }
            }) { IsBackground = true, Name = "pool-sampler" };
            sampler._thread.Start();
            return sampler;
        }

        public Task<string> StopAsync()
        {
            _stop.Cancel();
            _thread!.Join();
            _stop.Dispose();
            if (_samples.Count == 0)
            {
                return Task.FromResult("no samples");
            }
            return Task.FromResult($"queued work items mean {_samples.Average(s => s.Pending):0.0} max {_samples.Max(s => s.Pending)}; " +
                                   $"threads {_samples.Min(s => s.Threads)}..{_samples.Max(s => s.Threads)} (min threads {MinThreads()})");
        }

        private static int MinThreads()
        {
            ThreadPool.GetMinThreads(out var workers, out _);
            return workers;
        }
    }

    /// <summary>A throw-away database: a temp SQLite file, or a fresh database on a PostgreSQL server.</summary>
    internal sealed class TempDatabase : IAsyncDisposable
    {
        private readonly Func<Task> _cleanup;

        private TempDatabase(string connectionString, string description, Func<Task> cleanup)
        {
            ConnectionString = connectionString;
            Description = description;
            _cleanup = cleanup;
        }

        public string ConnectionString { get; }
        public string Description { get; }
        public bool Keep { get; set; }

        public static TempDatabase Sqlite()
        {
            var file = Path.Combine(Path.GetTempPath(), $"salesmate-bench-{Guid.NewGuid():N}.db");
            return new TempDatabase($"Data Source={file}", $"SQLite {file}", () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(file + suffix);
                }
                return Task.CompletedTask;
            });
        }

        public static async Task<TempDatabase> PostgresAsync(string adminConnectionString)
        {
            var name = $"salesmate_bench_{Guid.NewGuid():N}"[..32];
            await using (var admin = new NpgsqlConnection(adminConnectionString))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }
            var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
            var serverVersion = "";
            await using (var probe = new NpgsqlConnection(builder.ConnectionString))
            {
                await probe.OpenAsync();
                serverVersion = probe.PostgreSqlVersion.ToString();
            }
            return new TempDatabase(builder.ConnectionString, $"PostgreSQL {serverVersion} {builder.Host}:{builder.Port}/{name}", async () =>
            {
                NpgsqlConnection.ClearAllPools();
                if (Environment.GetEnvironmentVariable("SALESMATE_BENCH_KEEP_DB") == "1")
                {
                    Console.WriteLine($"  kept database {name} (SALESMATE_BENCH_KEEP_DB=1)");
                    return;
                }
                await using var admin = new NpgsqlConnection(adminConnectionString);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            });
        }

        public async ValueTask DisposeAsync()
        {
            if (!Keep)
            {
                await _cleanup();
            }
            else
            {
                Console.WriteLine($"  kept database: {Description}");
            }
        }
    }
}
