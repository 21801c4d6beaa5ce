using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Services.Streaming;

namespace SalesMate.Bench;

/// <summary>
/// `sse-streams`: concurrent open SSE streams and the app's memory per stream.
/// <para>
/// Only the app runs in this process, so what this process gains per stream is the server's cost. Everything on the
/// other side runs in a child process (<c>sse-helper</c>, this same harness): the fake provider, which stalls each
/// answer after its first content chunk and holds the connection open, and the clients, which open each stream the
/// way a browser tab does (a new session with POST /api/v1/chat/start, POST /api/v1/streams, then
/// GET /events/stream kept open). The server's per-stream cost therefore includes the upstream provider connection and
/// the stalled generation behind each listener, as in production while a model is still answering.
/// </para>
/// The two processes talk over the child's stdin/stdout, one line per command; replies start with '@'.
/// </summary>
internal static class SseStreamsBenchmark
{
    private const string FirstMessage = "I need a gaming laptop under $1500";

    private sealed record Snapshot(long HeapBytes, long CommittedBytes, long WorkingSet, long RssAnon, int Threads, int Fds, long TcpMemPages,
        int HubStreams, int Running);

    public static async Task<int> RunAsync(Options options)
    {
        var db = options.String("db", "sqlite")!;
        if (db is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--db must be sqlite or postgres.");
        }
        var target = options.Int("streams", 5000, 1, 100_000);
        var step = options.Int("step", 1000, 1, 100_000);
        var concurrency = options.Int("concurrency", 32, 1, 1024);
        var idle = options.Int("idle", 5, 1, 600);
        var hold = options.Int("hold", 0, 0, 3600);
        var deadline = Stopwatch.StartNew();
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 480, 30, 3600));
        var root = RepoPaths.Root(options);
        var histograms = options.String("heap-histogram") is { } dir ? Path.GetFullPath(dir) : null;
        var heapStat = Path.Combine(root, "bench/tools/HeapStat/bin/Release/net10.0/HeapStat.dll");
        if (histograms is not null)
        {
            if (!File.Exists(heapStat))
            {
                throw new ArgumentException($"--heap-histogram needs {heapStat}: dotnet build -c Release bench/tools/HeapStat");
            }
            Directory.CreateDirectory(histograms);
        }

        Console.WriteLine($"sse-streams: db={db} target={target} step={step} open-concurrency={concurrency} idle-window={idle}s");
        Console.WriteLine($"  {BuildInfo.Describe()}");
        // Per stream this process holds the listener's socket and the upstream socket to the provider.
        Console.WriteLine($"  app process: {FdLimit.Ensure((ulong)(target * 2 + 2048))}");
        var ports = File.Exists("/proc/sys/net/ipv4/ip_local_port_range") ? File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        if (ports.Length == 2)
        {
            var range = int.Parse(ports[1], CultureInfo.InvariantCulture) - int.Parse(ports[0], CultureInfo.InvariantCulture) + 1;
            Console.WriteLine($"  ephemeral ports {ports[0]}-{ports[1]} ({range}); this run needs about {target * 2} on loopback (client->app, app->provider)" +
                              (target * 2 > range ? "  <-- more than the range: expect connect failures" : ""));
        }

        await using var helper = await Helper.StartAsync(target, concurrency);
        // The app reaches the fake over HTTP/2 by default (answers share connections), or HTTP/1.1 with --upstream-http 1.1.
        var upstreamHttp = options.String("upstream-http") ?? "2";
        var fakeUrls = (await helper.ExpectAsync("fake", TimeSpan.FromSeconds(30))).Split(' ');
        var fakeUrl = upstreamHttp == "2" ? fakeUrls[1] : fakeUrls[0];
        Console.WriteLine($"  helper process {helper.Pid}: fake provider {fakeUrl} (stalls after the first content chunk); {await helper.AskAsync("limits", TimeSpan.FromSeconds(10))}");

        await using var database = db == "sqlite"
            ? TurnsBenchmark.TempDatabase.Sqlite()
            : await TurnsBenchmark.TempDatabase.PostgresAsync(options.String("pg") ?? throw new ArgumentException("--db postgres needs --pg \"Host=...;Port=...;Username=...;Database=postgres\"."));
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
            "--llm:provider=openai-compatible",
            $"--llm:base_url={fakeUrl}",
            $"--llm:http_version={upstreamHttp}",
            "--llm:api_key=sk-bench",
            $"--llm:model={FakeLlmProvider.Model}",
            $"--llm:prices:{FakeLlmProvider.Model}:prompt_per_million=1",
            $"--llm:prices:{FakeLlmProvider.Model}:completion_per_million=1",
            "--llm:circuit_breaker:minimum_throughput=10000",
            // A stalled answer must not be ended by the gateway's idle-gap timer (default 30 s) during the run.
            "--llm:idle_timeout_seconds=3600",
            "--llm:total_timeout_seconds=3600",
            "--streaming:shutdown_grace_seconds=0",
            .. BenchAppSettings.Common(),
        ];
        Console.WriteLine($"  app settings: {string.Join(" ", appArgs.Skip(8).Where(a => !a.StartsWith("--auth:jwt_secret", StringComparison.Ordinal)))}");
        var app = SalesMateApp.Build(appArgs);
        await app.StartAsync();
        var baseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var hub = app.Services.GetRequiredService<StreamHub>();
        var runner = app.Services.GetRequiredService<StreamRunner>();
        using var dbCounter = new DbCommandCounter();
        var exit = 0;
        try
        {
            await helper.AskAsync($"app {baseAddress}", TimeSpan.FromSeconds(10));
            Console.WriteLine($"  warm-up: {await helper.AskAsync("warm 40", TimeSpan.FromSeconds(120))}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            var idleBase = await IdleCpuAsync(TimeSpan.FromSeconds(idle), dbCounter);
            var baseline = Measure(hub, runner);
            Console.WriteLine($"  baseline (warm, no open streams; {baseline.HubStreams} finished warm-up streams still in the hub for their 30 s replay): " +
                              $"GC heap {Mb(baseline.HeapBytes)} MB live / {Mb(baseline.CommittedBytes)} MB committed, working set {Mb(baseline.WorkingSet)} MB, " +
                              $"RssAnon {Mb(baseline.RssAnon)} MB, {baseline.Threads} threads, {baseline.Fds} fds; idle CPU {idleBase.CpuPercent:0.0}%, {idleBase.QueriesPerSecond:0} SQL/s");
            if (histograms is not null)
            {
                await HeapHistogramAsync(heapStat, Path.Combine(histograms, "heap-0.tsv"));
            }
            await helper.AskAsync("stall", TimeSpan.FromSeconds(5));

            Console.WriteLine();
            Console.WriteLine("  streams  opened-in  open/s  failed | GC heap live  Δ/stream | committed | working set  Δ/stream | RssAnon  Δ/stream | threads  fds | idle CPU  SQL/s | TCP mem");
            var open = 0;
            Snapshot? last = null;
            var maxHeld = 0;
            while (open < target)
            {
                var remaining = timeout - deadline.Elapsed;
                if (remaining < TimeSpan.FromSeconds(20))
                {
                    Console.WriteLine($"  stopping the ramp: --timeout {timeout.TotalSeconds} s nearly used");
                    break;
                }
                var add = Math.Min(step, target - open);
                var reply = await helper.AskAsync($"open {add}", remaining - TimeSpan.FromSeconds(15));
                // reply: total failed ms error...
                var parts = reply.Split(' ', 4);
                var total = int.Parse(parts[0], CultureInfo.InvariantCulture);
                var failed = int.Parse(parts[1], CultureInfo.InvariantCulture);
                var ms = double.Parse(parts[2], CultureInfo.InvariantCulture);
                open = total;
                var cpu = await IdleCpuAsync(TimeSpan.FromSeconds(idle), dbCounter);
                var now = Measure(hub, runner);
                last = now;
                maxHeld = Math.Max(maxHeld, Math.Min(open, now.Running));
                string Per(long after, long before) => open == 0 ? "-" : $"{(after - before) / 1024.0 / open,7:0.0} KB";
                Console.WriteLine($"  {open,7}  {ms / 1000,7:0.0} s  {(add - failed) / Math.Max(0.001, ms / 1000),6:0}  {failed,6} | " +
                                  $"{Mb(now.HeapBytes),8} MB  {Per(now.HeapBytes, baseline.HeapBytes)} | {Mb(now.CommittedBytes),6} MB | " +
                                  $"{Mb(now.WorkingSet),7} MB  {Per(now.WorkingSet, baseline.WorkingSet)} | {Mb(now.RssAnon),5} MB {Per(now.RssAnon, baseline.RssAnon)} | " +
                                  $"{now.Threads,7} {now.Fds,5} | {cpu.CpuPercent,7:0.0}% {cpu.QueriesPerSecond,6:0} | {now.TcpMemPages * 4 / 1024.0:0.0} MB" +
                                  (now.Running != open ? $"  (app generating {now.Running}, hub {now.HubStreams})" : ""));
                if (histograms is not null)
                {
                    await HeapHistogramAsync(heapStat, Path.Combine(histograms, $"heap-{open}.tsv"));
                }
                if (failed > 0)
                {
                    Console.WriteLine($"  failures at this step: {parts.ElementAtOrDefault(3)}");
                    exit = 1;
                    break;
                }
            }
            if (hold > 0)
            {
                Console.WriteLine($"  holding {open} streams for {hold} s (pid {Environment.ProcessId}; e.g. dotnet-gcdump collect -p {Environment.ProcessId})");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }
            var client = await helper.AskAsync("mem", TimeSpan.FromSeconds(30));
            Console.WriteLine();
            if (last is not null && open > 0)
            {
                Console.WriteLine($"RESULT sse-streams db={db}: held {open} concurrent open SSE streams (target >= 5000: {(open >= 5000 ? "met" : "NOT met")}); " +
                                  $"server memory per stream: GC heap {(last.HeapBytes - baseline.HeapBytes) / 1024.0 / open:0.0} KB, " +
                                  $"working set {(last.WorkingSet - baseline.WorkingSet) / 1024.0 / open:0.0} KB, RssAnon {(last.RssAnon - baseline.RssAnon) / 1024.0 / open:0.0} KB " +
                                  $"(target <= 50 KB); kernel TCP buffers {last.TcpMemPages * 4096.0 / 1024 / Math.Max(1, open):0.0} KB per stream (both processes, not in RSS)");
            }
            Console.WriteLine($"  helper (clients + fake provider, not part of the figures above): {client}");
        }
        finally
        {
            var stopWatch = Stopwatch.StartNew();
            await helper.QuitAsync();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await app.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            await app.DisposeAsync();
            Console.WriteLine($"  shut down in {stopWatch.Elapsed.TotalSeconds:0.0} s; total run {deadline.Elapsed.TotalSeconds:0} s");
        }
        return exit;
    }

    /// <summary>Type histogram of this process's heap, taken by bench/tools/HeapStat (ClrMD) while this process is suspended.</summary>
    private static async Task HeapHistogramAsync(string heapStat, string file)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { heapStat, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), file })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine($"    heap histogram ({watch.Elapsed.TotalSeconds:0.0} s, this process suspended meanwhile): {output.Trim()}");
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task<(double CpuPercent, double QueriesPerSecond)> IdleCpuAsync(TimeSpan window, DbCommandCounter counter)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var (commands, _) = counter.Read();
        var watch = Stopwatch.StartNew();
        await Task.Delay(window);
        var used = Environment.CpuUsage.TotalTime - cpu;
        var (after, _) = counter.Read();
        return (used.TotalSeconds / watch.Elapsed.TotalSeconds / Environment.ProcessorCount * 100, (after - commands) / watch.Elapsed.TotalSeconds);
    }

    private static Snapshot Measure(StreamHub hub, StreamRunner runner)
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var heap = GC.GetTotalMemory(false);
        var committed = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        long rssAnon = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                rssAnon = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }
        long tcpPages = 0;
        foreach (var line in File.ReadLines("/proc/net/sockstat"))
        {
            if (line.StartsWith("TCP:", StringComparison.Ordinal))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var at = Array.IndexOf(f, "mem");
                tcpPages = at > 0 ? long.Parse(f[at + 1], CultureInfo.InvariantCulture) : 0;
            }
        }
        return new Snapshot(heap, committed, process.WorkingSet64, rssAnon, process.Threads.Count, FdLimit.OpenNow(), tcpPages, hub.Count, runner.Running);
    }

    /// <summary>The child process, seen from the app's side.</summary>
    private sealed class Helper : IAsyncDisposable
    {
        private readonly Process _process;

        private Helper(Process process) => _process = process;

        public int Pid => _process.Id;

        public static Task<Helper> StartAsync(int streams, int concurrency)
        {
            var host = Environment.ProcessPath ?? "dotnet";
            var start = new ProcessStartInfo(host)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(SseStreamsBenchmark).Assembly.Location);
            }
            foreach (var arg in new[] { "sse-helper", "--streams", streams.ToString(CultureInfo.InvariantCulture), "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the sse-helper process");
            return Task.FromResult(new Helper(process));
        }

        /// <summary>Reads lines until one starting with '@<paramref name="tag"/> '; other lines are echoed.</summary>
        public async Task<string> ExpectAsync(string tag, TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                var line = await _process.StandardOutput.ReadLineAsync(cts.Token)
                           ?? throw new InvalidOperationException($"the sse-helper exited (code {(_process.HasExited ? _process.ExitCode : -1)}) while waiting for @{tag}");
                if (line.StartsWith($"@{tag} ", StringComparison.Ordinal) || line == $"@{tag}")
                {
                    return line.Length > tag.Length + 1 ? line[(tag.Length + 2)..] : "";
                }
                if (line.StartsWith("@error ", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"sse-helper: {line[7..]}");
                }
                Console.WriteLine($"  [helper] {line}");
            }
        }

        public async Task<string> AskAsync(string command, TimeSpan timeout)
        {
            await _process.StandardInput.WriteLineAsync(command);
            await _process.StandardInput.FlushAsync();
            return await ExpectAsync(command.Split(' ')[0], timeout);
        }

        public async Task QuitAsync()
        {
            if (_process.HasExited)
            {
                return;
            }
            try
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await QuitAsync();
            _process.Dispose();
        }
    }

    // ---------------------------------------------------------------- the child process

    /// <summary>`sse-helper`: the fake provider and the SSE clients, driven by the parent over stdin/stdout.</summary>
    public static async Task<int> HelperAsync(Options options)
    {
        var streams = options.Int("streams", 5000, 1, 100_000);
        var concurrency = options.Int("concurrency", 32, 1, 1024);
        // Per stream this process holds the client socket and the fake provider's socket of the upstream call.
        var limits = FdLimit.Ensure((ulong)(streams * 2 + 2048));
        await using var fake = await FakeLlmProvider.StartAsync();
        fake.ToolCalls = false;
        Reply("fake", $"{fake.V1} {fake.V1Http2}");
        var listeners = new ConcurrentBag<Task>();
        using var stopAll = new CancellationTokenSource();
        HttpClient? requests = null;
        HttpClient? events = null;
        var opened = 0;
        var completed = 0;
        var heartbeats = 0L;
        try
        {
            while (await Console.In.ReadLineAsync() is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length == 0)
                {
                    continue;
                }
                switch (words[0])
                {
                    case "limits":
                        Reply("limits", "helper " + limits);
                        break;
                    case "app":
                        var baseAddress = new Uri(words[1]);
                        requests = new HttpClient(new SocketsHttpHandler
                        {
                            MaxConnectionsPerServer = concurrency + 4,
                            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                            UseCookies = false,
                            AutomaticDecompression = DecompressionMethods.None,
                        }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
                        events = new HttpClient(new SocketsHttpHandler
                        {
                            MaxConnectionsPerServer = int.MaxValue,
                            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                            UseCookies = false,
                            AutomaticDecompression = DecompressionMethods.None,
                            ConnectTimeout = TimeSpan.FromSeconds(30),
                        }) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
                        Reply("app", "ok");
                        break;
                    case "warm":
                    {
                        var n = int.Parse(words[1], CultureInfo.InvariantCulture);
                        var watch = Stopwatch.StartNew();
                        var ok = 0;
                        var errors = new ConcurrentBag<string>();
                        await ParallelAsync(n, 4, async _ =>
                        {
                            try
                            {
                                var stream = await CreateStreamAsync(requests!, stopAll.Token);
                                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopAll.Token);
                                cts.CancelAfter(TimeSpan.FromSeconds(60));
                                var result = await ListenAsync(events!, stream, null, cts.Token);
                                if (result.Final == "done")
                                {
                                    Interlocked.Increment(ref ok);
                                }
                                else
                                {
                                    errors.Add($"ended with {result.Final ?? "nothing"}");
                                }
                            }
                            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or OperationCanceledException)
                            {
                                errors.Add($"{ex.GetType().Name}: {ex.Message}");
                            }
                        });
                        Reply("warm", $"{ok} complete streams ({n - ok} failed{(errors.IsEmpty ? "" : ": " + errors.First())}) in {watch.ElapsedMilliseconds} ms");
                        break;
                    }
                    case "stall":
                        fake.Stall = true;
                        Reply("stall", "ok");
                        break;
                    case "open":
                    {
                        var n = int.Parse(words[1], CultureInfo.InvariantCulture);
                        var watch = Stopwatch.StartNew();
                        var failed = 0;
                        string? firstError = null;
                        await ParallelAsync(n, concurrency, async _ =>
                        {
                            try
                            {
                                var stream = await CreateStreamAsync(requests!, stopAll.Token);
                                var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                                var listener = Task.Run(async () =>
                                {
                                    try
                                    {
                                        var result = await ListenAsync(events!, stream, first, stopAll.Token);
                                        Interlocked.Add(ref heartbeats, result.Heartbeats);
                                        if (result.Final is not null)
                                        {
                                            Interlocked.Increment(ref completed);
                                        }
                                        first.TrySetException(new InvalidOperationException($"stream ended ({result.Final ?? "closed"}) before its first token"));
                                    }
                                    catch (Exception ex)
                                    {
                                        first.TrySetException(ex);
                                    }
                                });
                                listeners.Add(listener);
                                await first.Task.WaitAsync(TimeSpan.FromSeconds(60), stopAll.Token);
                                Interlocked.Increment(ref opened);
                            }
                            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
                            {
                                if (Interlocked.Increment(ref failed) == 1)
                                {
                                    firstError = $"{ex.GetType().Name}: {ex.Message}";
                                }
                            }
                        });
                        Reply("open", $"{Volatile.Read(ref opened)} {failed} {watch.Elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} " +
                                      (firstError ?? "-").Replace('\n', ' '));
                        break;
                    }
                    case "mem":
                    {
                        GC.Collect(2, GCCollectionMode.Forced, true, true);
                        GC.WaitForPendingFinalizers();
                        using var process = Process.GetCurrentProcess();
                        Reply("mem", $"{Volatile.Read(ref opened)} listeners open, {fake.Stalled} answers stalled at the provider; GC heap {GC.GetTotalMemory(false) / 1048576.0:0.0} MB, " +
                                     $"working set {process.WorkingSet64 / 1048576.0:0.0} MB, {FdLimit.OpenNow()} fds; streams ended early {Volatile.Read(ref completed)}");
                        break;
                    }
                    case "quit":
                        return 0;
                    default:
                        Reply("error", $"unknown command '{line}'");
                        break;
                }
            }
            return 0;
        }
        finally
        {
            await stopAll.CancelAsync();
            requests?.Dispose();
            events?.Dispose();
        }
    }

    private static void Reply(string tag, string text)
    {
        Console.Out.WriteLine($"@{tag} {text}");
        Console.Out.Flush();
    }

    private static async Task ParallelAsync(int count, int concurrency, Func<int, Task> body)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(count, concurrency)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await body(i);
            }
        });
        await Task.WhenAll(workers);
    }

    private sealed record CreatedStream(string Token, string EventsUrl);

    /// <summary>A new session and conversation (POST /api/v1/chat/start), then POST /api/v1/streams.</summary>
    private static async Task<CreatedStream> CreateStreamAsync(HttpClient http, CancellationToken cancellationToken)
    {
        string token, conversation;
        using (var start = await http.PostAsync("/api/v1/chat/start", new StringContent("{}", Encoding.UTF8, "application/json"), cancellationToken))
        {
            var text = await start.Content.ReadAsStringAsync(cancellationToken);
            if (!start.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST /api/v1/chat/start -> {(int)start.StatusCode}: {text}");
            }
            using var json = JsonDocument.Parse(text);
            conversation = json.RootElement.GetProperty("conversation_id").GetString()!;
            token = json.RootElement.GetProperty("session_token").GetString()!;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["conversation_id"] = conversation, ["message"] = FirstMessage }),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Session-Token", token);
        using var created = await http.SendAsync(request, cancellationToken);
        var body = await created.Content.ReadAsStringAsync(cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/v1/streams -> {(int)created.StatusCode}: {body}");
        }
        using var stream = JsonDocument.Parse(body);
        return new CreatedStream(token, stream.RootElement.GetProperty("events_url").GetString()!);
    }

    /// <summary>GET the events; <paramref name="first"/> completes at the first token event. Reads until done/error or the end.</summary>
    private static async Task<(string? Final, int Heartbeats)> ListenAsync(HttpClient http, CreatedStream stream, TaskCompletionSource? first,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, stream.EventsUrl);
        request.Headers.Add("X-Session-Token", stream.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {stream.EventsUrl} -> {(int)response.StatusCode}");
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8, false, 1024);
        var heartbeats = 0;
        try
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("event:", StringComparison.Ordinal))
                {
                    continue;
                }
                var type = line[6..].Trim();
                switch (type)
                {
                    case "token":
                        first?.TrySetResult();
                        break;
                    case "heartbeat":
                        heartbeats++;
                        break;
                    case "done" or "error":
                        return (type, heartbeats);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        return (null, heartbeats);
    }
}
