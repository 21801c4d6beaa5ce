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
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Services.Streaming;

namespace SalesMate.Bench;

/// <summary>
/// `overhead`: what SalesMate adds to a chat turn on top of the LLM provider. The app runs in-process with
/// <c>llm.provider=openai-compatible</c> pointed at <see cref="FakeLlmProvider"/> (zero delay, same process). In the
/// same run, at the same concurrency, a direct client replays the very request bodies SalesMate sent to the provider
/// (captured during the warm-up), streamed, read to the end. Measured phases alternate in rounds
/// (direct, SalesMate /chat/message, SalesMate SSE) so drift and background load hit all three alike.
/// Overhead at percentile p = p(SalesMate) − p(direct) (difference of the two distributions' percentiles).
/// </summary>
internal static class OverheadBenchmark
{
    private enum Phase { Direct, Message, Stream }

    private sealed record Sample(Phase Phase, double TotalMs, double TtftMs, double ServerMs, double ServerTtftMs);

    private sealed class PhaseCost
    {
        public int Ops;
        public TimeSpan Cpu;
        public long Allocated;
        public long DbCommands;
        public double DbMs;
        public long RoundTrips;
        public double WallS;
    }

    public static async Task<int> RunAsync(Options options)
    {
        var db = options.String("db", "sqlite")!;
        if (db is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--db must be sqlite or postgres.");
        }
        var levels = (options.String("clients", "1,32")!).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.TryParse(c, out var n) && n is >= 1 and <= 512 ? n : throw new ArgumentException("--clients must be a list of numbers 1..512, e.g. 1,32."))
            .ToArray();
        var samples = options.Int("samples", 1200, 10, 1_000_000);
        var rounds = options.Int("rounds", 4, 1, 100);
        var warmupTotal = options.Int("warmup", 300, 0, 100_000);
        var toolCalls = (options.String("tool-call", "on")) switch
        {
            "on" => true,
            "off" => false,
            var other => throw new ArgumentException($"--tool-call must be on or off; got '{other}'."),
        };
        var breakerMin = options.Int("breaker-min-throughput", 10_000, 2, int.MaxValue);
        var settle = TimeSpan.FromSeconds(options.Int("settle", 60, 0, 600));
        var thinkMs = options.Int("think-ms", 0, 0, 60_000);
        var timeout = TimeSpan.FromSeconds(options.Int("timeout", 300, 1, 3600));
        var ttftPath = options.Has("ttft-path");
        var allocTypes = options.Int("alloc-types", 0, 0, 1000);
        using var timeline = options.Has("timeline") ? new TurnTimelineProbe() : null;
        var pipelineProbe = options.Int("pipeline-probe", 0, 0, 100_000);
        var jitList = options.Int("jit-list", 0, 0, 10_000);
        using var jitSampler = jitList > 0 ? new JitSampler() : null;
        var root = RepoPaths.Root(options);

        Console.WriteLine($"overhead: db={db} clients={string.Join(",", levels)} samples/mode/level={samples} rounds={rounds} " +
                          $"provider answer={(toolCalls ? "a request without a tool result gets a tool call search_products{\"query\":\"laptop\"}, then text (2 provider calls per turn unless SalesMate prefetched the lookup)" : "text directly (1 provider call per turn)")}");
        Console.WriteLine($"  {BuildInfo.Describe()}");

        await using var fake = await FakeLlmProvider.StartAsync();
        fake.ToolCalls = toolCalls;
        Console.WriteLine($"  fake provider: {fake.V1} (in-process Kestrel, zero delay, {FakeLlmProvider.AnswerChunks} content chunks per answer, each flushed)");

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
            $"--llm:base_url={fake.V1}",
            "--llm:api_key=sk-bench",
            $"--llm:model={FakeLlmProvider.Model}",
            $"--llm:prices:{FakeLlmProvider.Model}:prompt_per_million=1",
            $"--llm:prices:{FakeLlmProvider.Model}:completion_per_million=1",
            $"--llm:circuit_breaker:minimum_throughput={breakerMin}",
            .. BenchAppSettings.Common(),
        ];
        Console.WriteLine($"  app settings: {string.Join(" ", appArgs.Skip(7).Where(a => !a.StartsWith("--auth:jwt_secret", StringComparison.Ordinal)))}");
        var started = Stopwatch.GetTimestamp();
        var app = SalesMateApp.Build(appArgs);
        await app.StartAsync();
        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        if (app.Services.GetService<IChatClient>() is null)
        {
            throw new InvalidOperationException("The app has no IChatClient: the LLM gateway is not configured.");
        }
        Console.WriteLine($"  app started in {Stats.Ms(Stopwatch.GetElapsedTime(started).TotalMilliseconds)} ms on {baseAddress}; database: {database.Description}");

        var failures = 0;
        using var dbCounter = new DbCommandCounter { Detail = options.Has("sql-detail") };
        using var allocations = allocTypes > 0 ? new AllocationSampler() : null;
        try
        {
            foreach (var clients in levels)
            {
                failures += await RunLevelAsync(app, baseAddress, fake, db, clients, samples, rounds, warmupTotal, settle, thinkMs, toolCalls, timeout, dbCounter,
                    new Diagnosis(ttftPath && clients == 1, allocations, allocTypes, clients == 1 ? timeline : null,
                        clients == 1 ? pipelineProbe : 0, jitSampler, jitList));
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>--ttft-path (1 client only) and --alloc-types N.</summary>
    private const string TtftLabel = "StreamTtft";

    private sealed record Diagnosis(bool TtftPath, AllocationSampler? Allocations, int AllocTypes, TurnTimelineProbe? Timeline,
        int PipelineProbe, JitSampler? Jit = null, int JitList = 0);

    private static async Task<int> RunLevelAsync(WebApplication app, Uri baseAddress, FakeLlmProvider fake, string db, int clients, int samples,
        int rounds, int warmupTotal, TimeSpan settle, int thinkMs, bool toolCalls, TimeSpan timeout, DbCommandCounter dbCounter, Diagnosis diagnosis)
    {
        var runner = app.Services.GetRequiredService<StreamRunner>();
        using var smHandler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients * 2 + 4,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var sm = new HttpClient(smHandler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var directHandler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients * 2 + 4,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var direct = new HttpClient(directHandler) { BaseAddress = fake.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sk-bench");

        Console.WriteLine();
        Console.WriteLine($"== db={db} clients={clients}{(thinkMs > 0 ? $" think={thinkMs} ms (random 0.5x-1.5x) before each measured operation" : " (closed loop: each client sends its next request as soon as the last one ends)")}");
        var shoppers = Enumerable.Range(0, clients).Select(i => new Client(sm, direct, i)).ToArray();

        // Warm-up: SalesMate turns of both kinds (JIT, catalog index, pools) while capturing what it sends upstream.
        var warmWatch = Stopwatch.StartNew();
        var perClientWarm = Math.Max(TurnsBenchmark.Script.Length, warmupTotal / clients);
        fake.StartCapture(256);
        var requestsBefore = fake.Requests;
        await Task.WhenAll(shoppers.Select(s => s.RunAsync(Phase.Message, perClientWarm, null, default)));
        await Task.WhenAll(shoppers.Select(s => s.RunAsync(Phase.Stream, perClientWarm, null, default)));
        await WaitForStreamsAsync(runner);
        fake.StopCapture();
        var warmTurns = 2 * perClientWarm * clients;
        var callsPerTurn = (fake.Requests - requestsBefore) / (double)warmTurns;
        // Tiered JIT keeps promoting methods (instrumented tier, then tier 1) long after the first few hundred turns;
        // a measurement taken meanwhile pays for the background compiler on a 2-core box. Keep warming up in batches
        // until a batch JIT-compiles fewer than 10 methods (at most --settle seconds).
        var settleWatch = Stopwatch.StartNew();
        var batch = Math.Max(4, 60 / clients);
        var jitBatches = new List<long>();
        while (settleWatch.Elapsed < settle)
        {
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            await Task.WhenAll(shoppers.Select(s => s.RunAsync(Phase.Message, batch, null, default)));
            await Task.WhenAll(shoppers.Select(s => s.RunAsync(Phase.Stream, batch, null, default)));
            await WaitForStreamsAsync(runner);
            await Task.Delay(200); // lets the tiering delay (100 ms) expire so pending promotions show up in the next count
            warmTurns += 2 * batch * clients;
            jitBatches.Add(System.Runtime.JitInfo.GetCompiledMethodCount() - jitted);
            if (jitBatches[^1] < 10)
            {
                break;
            }
        }
        var tools = fake.CapturedToolRounds;
        var texts = fake.CapturedTextRounds;
        // The fake answers every request without a tool result with one tool call, so a turn makes one tool round at most;
        // turns whose lookup SalesMate prefetched (llm.prefetch_tools) make none. The direct client replays the same mix.
        var toolRoundShare = toolCalls ? Math.Clamp(callsPerTurn - 1, 0, 1) : 0;
        if (texts.Count == 0 || (toolRoundShare > 0.001 && tools.Count == 0))
        {
            Console.Error.WriteLine("  the provider saw no requests of the expected kind during warm-up; SalesMate is not calling it.");
            return 1;
        }
        foreach (var s in shoppers)
        {
            s.Bodies = (toolCalls ? tools : null, texts);
            s.ToolRoundShare = toolRoundShare;
        }
        await Task.WhenAll(shoppers.Select(s => s.RunAsync(Phase.Direct, Math.Max(20, warmupTotal / clients), null, default)));
        Console.WriteLine($"  warm-up: {warmTurns} SalesMate turns + direct calls in {warmWatch.ElapsedMilliseconds} ms; provider calls per SalesMate turn " +
                          $"{callsPerTurn.ToString("0.00", CultureInfo.InvariantCulture)}; captured {tools.Count} tool-round and {texts.Count} text-round bodies " +
                          $"(mean {(tools.Count == 0 ? 0 : tools.Average(b => b.Length)):0} / {texts.Average(b => b.Length):0} bytes) for the direct client; " +
                          $"JIT settle batches ({2 * batch * clients} turns each) compiled {string.Join(", ", jitBatches)} methods");
        var warmErrors = shoppers.Sum(s => s.Errors);
        if (warmErrors > 0)
        {
            Console.Error.WriteLine($"  {warmErrors} errors during warm-up (see above)");
        }
        foreach (var s in shoppers)
        {
            s.ResetCounters();
        }

        foreach (var s in shoppers)
        {
            s.ThinkMs = thinkMs;
            if (diagnosis.TtftPath)
            {
                s.TtftProbe = dbCounter;
                s.Quiesce = () => WaitForStreamsAsync(runner);
                fake.OnTextRound = s.MarkTextRound;
            }
        }
        var perRound = Math.Max(1, (int)Math.Ceiling(samples / (double)(clients * rounds)));
        var sink = new ConcurrentBag<Sample>();
        var costs = new Dictionary<Phase, PhaseCost> { [Phase.Direct] = new(), [Phase.Message] = new(), [Phase.Stream] = new() };
        using var cts = new CancellationTokenSource(timeout);
        var load = MachineLoad.Start();
        var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var jit0 = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        if (diagnosis.Jit is { } jitSampler) jitSampler.Recording = true;
        var wall = Stopwatch.StartNew();
        for (var round = 0; round < rounds && !cts.IsCancellationRequested; round++)
        {
            foreach (var phase in new[] { Phase.Direct, Phase.Message, Phase.Stream })
            {
                var cost = costs[phase];
                var cpu = Environment.CpuUsage.TotalTime;
                var allocated = GC.GetTotalAllocatedBytes();
                var (commands, dbMs) = dbCounter.Read();
                var roundTrips = dbCounter.RoundTrips;
                dbCounter.Label = phase.ToString();
                if (diagnosis.Allocations is { } sampler)
                {
                    sampler.Label = phase.ToString();
                }
                if (diagnosis.Timeline is { } marks)
                {
                    marks.Label = phase.ToString();
                }
                var phaseWall = Stopwatch.StartNew();
                await Task.WhenAll(shoppers.Select(s => s.RunAsync(phase, perRound, sink, cts.Token)));
                if (phase == Phase.Stream)
                {
                    await WaitForStreamsAsync(runner); // the runner's last status write belongs to this phase
                }
                cost.WallS += phaseWall.Elapsed.TotalSeconds;
                cost.Ops += perRound * clients;
                cost.Cpu += Environment.CpuUsage.TotalTime - cpu;
                cost.Allocated += GC.GetTotalAllocatedBytes() - allocated;
                var (commandsAfter, dbMsAfter) = dbCounter.Read();
                cost.DbCommands += commandsAfter - commands;
                cost.DbMs += dbMsAfter - dbMs;
                cost.RoundTrips += dbCounter.RoundTrips - roundTrips;
            }
        }
        wall.Stop();
        fake.OnTextRound = null;
        if (diagnosis.Timeline is { } stopMarks)
        {
            stopMarks.Label = null;
        }
        if (diagnosis.Allocations is { } stopSampling)
        {
            stopSampling.Label = "";
        }
        var gc1 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        var all = sink.ToArray();
        var d = new Stats(all.Where(s => s.Phase == Phase.Direct).Select(s => s.TotalMs));
        var dTtft = new Stats(all.Where(s => s.Phase == Phase.Direct).Select(s => s.TtftMs));
        var m = new Stats(all.Where(s => s.Phase == Phase.Message).Select(s => s.TotalMs));
        var mServer = new Stats(all.Where(s => s.Phase == Phase.Message).Select(s => s.ServerMs));
        var sTtft = new Stats(all.Where(s => s.Phase == Phase.Stream).Select(s => s.TtftMs));
        var sTotal = new Stats(all.Where(s => s.Phase == Phase.Stream).Select(s => s.TotalMs));
        var sServerTtft = new Stats(all.Where(s => s.Phase == Phase.Stream && !double.IsNaN(s.ServerTtftMs)).Select(s => s.ServerTtftMs));
        var errors = shoppers.Sum(s => s.Errors);
        var unexpected = shoppers.Sum(s => s.Unexpected);

        string Diff(Stats a, Stats b, double p) => Stats.Ms(a.P(p) - b.P(p));
        Console.WriteLine();
        Console.WriteLine($"RESULT overhead db={db} clients={clients}: per-turn overhead p50={Diff(m, d, 50)} p90={Diff(m, d, 90)} p99={Diff(m, d, 99)} ms " +
                          $"(target p50<=5, p99<=25); SSE TTFT added p50={Diff(sTtft, dTtft, 50)} p99={Diff(sTtft, dTtft, 99)} ms (target p50<=2); " +
                          $"errors={errors} unexpected_answers={unexpected} (wall {wall.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
        Console.WriteLine($"  {load.Describe(db == "postgres" ? "the PostgreSQL server processes and their I/O" : null)}");
        Console.WriteLine($"  direct provider turn (replayed bodies, {(1 + toolRoundShare).ToString("0.00", CultureInfo.InvariantCulture)} streamed calls per turn, as SalesMate made them)  {d.Line(50, 90, 99)}");
        Console.WriteLine($"  SalesMate POST /chat/message                {m.Line(50, 90, 99)}");
        Console.WriteLine($"    its server response_time_ms               {mServer.Line(50, 90, 99)}");
        Console.WriteLine($"  direct time to first content chunk          {dTtft.Line(50, 90, 99)}");
        Console.WriteLine($"  SalesMate SSE time to first `event: token`  {sTtft.Line(50, 90, 99)}");
        Console.WriteLine($"    server time_to_first_token_ms (done event){sServerTtft.Line(50, 90, 99)}");
        Console.WriteLine($"  SalesMate SSE until `event: done`           {sTotal.Line(50, 90, 99)}");
        foreach (var (phase, cost) in costs)
        {
            var ops = Math.Max(1, cost.Ops);
            Console.WriteLine($"  cost per op, {phase,-7}: process CPU {Stats.Ms(cost.Cpu.TotalMilliseconds / ops)} ms, allocated {cost.Allocated / 1024.0 / ops:0} KB, " +
                              $"{cost.DbCommands / (double)ops:0.0} SQL commands ({Stats.Ms(cost.DbMs / ops)} ms in them), " +
                              (db == "postgres" ? $"{cost.RoundTrips / (double)ops:0.0} round trips, " : "") +
                              $"{ops / Math.Max(1e-9, cost.WallS):0} ops/s, CPU {cost.Cpu.TotalSeconds / Math.Max(1e-9, cost.WallS) / Environment.ProcessorCount * 100:0}% of {Environment.ProcessorCount} cores");
        }
        var directCpu = costs[Phase.Direct].Cpu.TotalMilliseconds / Math.Max(1, costs[Phase.Direct].Ops);
        Console.WriteLine($"  SalesMate CPU per turn beyond the direct calls: /chat/message {Stats.Ms(costs[Phase.Message].Cpu.TotalMilliseconds / Math.Max(1, costs[Phase.Message].Ops) - directCpu)} ms, " +
                          $"SSE {Stats.Ms(costs[Phase.Stream].Cpu.TotalMilliseconds / Math.Max(1, costs[Phase.Stream].Ops) - directCpu)} ms " +
                          $"(client, app and fake provider share this process; the direct phase's CPU is client + fake provider)");
        Console.WriteLine($"  GCs during measurement: gen0={gc1.Item1 - gc0.Item1} gen1={gc1.Item2 - gc0.Item2} gen2={gc1.Item3 - gc0.Item3}; " +
                          $"JIT during measurement: {System.Runtime.JitInfo.GetCompiledMethodCount() - jit0.Item1} methods, " +
                          $"{Stats.Ms((System.Runtime.JitInfo.GetCompilationTime() - jit0.Item2).TotalMilliseconds)} ms");
        if (diagnosis.Jit is { } jit)
        {
            jit.Recording = false;
            jit.Print(diagnosis.JitList);
        }
        if (diagnosis.TtftPath && shoppers[0].TtftTurns > 0)
        {
            var probe = shoppers[0];
            Console.WriteLine($"  SSE request until the provider receives the answer call (--ttft-path: the work before the first token; the previous stream finished first): {probe.TtftCommands / (double)probe.TtftTurns:0.0} SQL commands, " +
                              (db == "postgres" ? $"{probe.TtftRoundTrips / (double)probe.TtftTurns:0.0} round trips, " : "") +
                              $"{probe.TtftAllocated / 1024.0 / probe.TtftTurns:0} KB allocated, process CPU {Stats.Ms(probe.TtftCpu.TotalMilliseconds / probe.TtftTurns)} ms per turn");
        }
        diagnosis.Timeline?.Print(Phase.Message.ToString());
        diagnosis.Timeline?.Print(Phase.Stream.ToString());
        if (diagnosis.Allocations is { } sampled)
        {
            foreach (var phase in new[] { Phase.Message, Phase.Stream })
            {
                var ops = Math.Max(1, costs[phase].Ops);
                Console.WriteLine($"  allocation by type per {phase} turn (--alloc-types; sampled every ~100 KB, KB per turn):");
                foreach (var (type, bytes) in sampled.Top(phase.ToString(), diagnosis.AllocTypes))
                {
                    Console.WriteLine($"    {bytes / 1024.0 / ops,7:0.0}  {type}");
                }
            }
        }
        if (dbCounter.Detail)
        {
            foreach (var phase in new[] { Phase.Message, Phase.Stream })
            {
                var ops = Math.Max(1, costs[phase].Ops);
                Console.WriteLine($"  SQL per {phase} turn (--sql-detail; per turn: count, ms{(phase == Phase.Stream && diagnosis.TtftPath ? "; after the first token only" : "")}):");
                foreach (var (statement, count, ms) in dbCounter.Statements(phase.ToString()))
                {
                    Console.WriteLine($"    {count / (double)ops,5:0.00}  {Stats.Ms(ms / ops),6} ms  {statement}");
                }
            }
            if (diagnosis.TtftPath && shoppers[0].TtftTurns > 0)
            {
                Console.WriteLine("  SQL per SSE turn before the provider receives the answer call (--ttft-path --sql-detail; per turn: count, ms):");
                foreach (var (statement, count, ms) in dbCounter.Statements(TtftLabel))
                {
                    Console.WriteLine($"    {count / (double)shoppers[0].TtftTurns,5:0.00}  {Stats.Ms(ms / shoppers[0].TtftTurns),6} ms  {statement}");
                }
            }
        }
        dbCounter.Label = "";
        if (diagnosis.PipelineProbe > 0)
        {
            await PipelineProbe.RunAsync(diagnosis.PipelineProbe, sm, direct, shoppers[0].Token, dbCounter);
        }
        if (cts.IsCancellationRequested)
        {
            Console.WriteLine($"  NOTE: stopped by --timeout {timeout.TotalSeconds} s.");
        }
        return errors + unexpected == 0 ? 0 : 1;
    }

    private static async Task WaitForStreamsAsync(StreamRunner runner)
    {
        var waited = Stopwatch.StartNew();
        while (runner.Running > 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(1);
        }
    }

    /// <summary>One concurrent conversation: its session, and the three kinds of operation.</summary>
    private sealed class Client(HttpClient sm, HttpClient direct, int index)
    {
        private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");
        private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");
        private string? _token;
        private string? _conversationId;
        private int _step;
        private int _directIndex = index * 7;

        public int Errors { get; private set; }
        public int Unexpected { get; private set; }
        public string? Token => _token;
        public (IReadOnlyList<byte[]>? Tool, IReadOnlyList<byte[]> Text) Bodies { get; set; }

        /// <summary>The share of SalesMate's turns that made a tool round; the direct client makes one in as many of its turns.</summary>
        public double ToolRoundShare { get; set; } = 1;

        public void ResetCounters()
        {
            Errors = 0;
            Unexpected = 0;
        }

        /// <summary>Pause before each measured operation (a shopper reading), randomised ±50% so clients do not align.</summary>
        public int ThinkMs { get; set; }

        /// <summary>With one client: counts SQL commands, allocation and process CPU from a stream request to its first token.</summary>
        public DbCommandCounter? TtftProbe { get; set; }

        /// <summary>Waits for the previous stream's tail (status and event writes) so it is not counted in the next one's.</summary>
        public Func<Task>? Quiesce { get; set; }

        public int TtftTurns { get; private set; }
        public long TtftCommands { get; private set; }
        public long TtftRoundTrips { get; private set; }
        public long TtftAllocated { get; private set; }
        public TimeSpan TtftCpu { get; private set; }

        private (long Commands, long RoundTrips, long Allocated, TimeSpan Cpu)? _probeStart;

        /// <summary>The provider got this stream's text round: everything before the first token has run.</summary>
        public void MarkTextRound()
        {
            if (TtftProbe is null || _probeStart is not { } start)
            {
                return;
            }
            _probeStart = null;
            TtftProbe.Label = Phase.Stream.ToString();
            TtftTurns++;
            TtftCommands += TtftProbe.Read().Commands - start.Commands;
            TtftRoundTrips += TtftProbe.RoundTrips - start.RoundTrips;
            TtftAllocated += GC.GetTotalAllocatedBytes() - start.Allocated;
            TtftCpu += Environment.CpuUsage.TotalTime - start.Cpu;
        }

        public async Task RunAsync(Phase phase, int count, ConcurrentBag<Sample>? sink, CancellationToken cancellationToken)
        {
            for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
            {
                if (ThinkMs > 0 && sink is not null)
                {
                    await Task.Delay(ThinkMs / 2 + Random.Shared.Next(ThinkMs + 1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                try
                {
                    var sample = phase switch
                    {
                        Phase.Direct => await DirectAsync(cancellationToken),
                        Phase.Message => await MessageAsync(cancellationToken),
                        _ => await StreamAsync(cancellationToken),
                    };
                    if (sample is not null)
                    {
                        sink?.Add(sample);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException or TaskCanceledException)
                {
                    Error($"{phase}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        private void Error(string what)
        {
            Errors++;
            if (Errors <= 3)
            {
                Console.Error.WriteLine($"  client {index}: {what}");
            }
        }

        private async Task<string> NextMessageAsync(CancellationToken cancellationToken)
        {
            if (_conversationId is null || _step >= TurnsBenchmark.Script.Length)
            {
                await StartConversationAsync(cancellationToken);
                _step = 0;
            }
            return TurnsBenchmark.Script[_step++];
        }

        private async Task<Sample?> MessageAsync(CancellationToken cancellationToken)
        {
            var message = await NextMessageAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message")
            {
                Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["conversation_id"] = _conversationId!, ["message"] = message }),
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Session-Token", _token);
            request.Headers.Accept.Add(Json);
            TurnTimelineProbe.Mark("client.send");
            var started = Stopwatch.GetTimestamp();
            using var response = await sm.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            TurnTimelineProbe.Mark("client.response");
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                Error($"/chat/message HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
                return null;
            }
            using var json = JsonDocument.Parse(bytes);
            // The provider's text may come with the sales pipeline's additions (welcome back, a nudge), so the check is
            // who answered, not the exact words.
            var answer = json.RootElement.GetProperty("answer").GetString() ?? "";
            var degraded = json.RootElement.TryGetProperty("degraded", out var dg) && dg.ValueKind == JsonValueKind.True;
            var responder = json.RootElement.TryGetProperty("responder", out var r) ? r.GetString() : null;
            if (degraded || responder != "llm" || !answer.Contains(FakeLlmProvider.AnswerText, StringComparison.Ordinal))
            {
                Unexpected++;
                if (Unexpected <= 3)
                {
                    Console.Error.WriteLine($"  client {index}: /chat/message did not return the provider's answer (local fallback?): {answer}");
                }
            }
            var server = json.RootElement.TryGetProperty("response_time_ms", out var rt) ? rt.GetDouble() : double.NaN;
            return new Sample(Phase.Message, elapsed, double.NaN, server, double.NaN);
        }

        private async Task<Sample?> StreamAsync(CancellationToken cancellationToken)
        {
            var message = await NextMessageAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{_conversationId}/stream")
            {
                Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Session-Token", _token);
            request.Headers.Accept.Add(EventStream);
            if (Quiesce is not null)
            {
                await Quiesce();
            }
            _probeStart = TtftProbe is null ? null : (TtftProbe.Read().Commands, TtftProbe.RoundTrips, GC.GetTotalAllocatedBytes(), Environment.CpuUsage.TotalTime);
            if (TtftProbe is not null)
            {
                TtftProbe.Label = TtftLabel; // --sql-detail lists the statements before the first token on their own
            }
            TurnTimelineProbe.Mark("client.send");
            var started = Stopwatch.GetTimestamp();
            using var response = await sm.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            TurnTimelineProbe.Mark("client.headers");
            if (!response.IsSuccessStatusCode)
            {
                Error($"/chat/{{id}}/stream HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return null;
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var reader = new StreamReader(body, Encoding.UTF8, false, 4096);
            var ttft = double.NaN;
            string? eventType = null;
            string? final = null;
            string? finalData = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    eventType = line[6..].Trim();
                    if (eventType == "token" && double.IsNaN(ttft))
                    {
                        ttft = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        TurnTimelineProbe.Mark("client.first_token");

                    }
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal) && eventType is "done" or "error")
                {
                    final = eventType;
                    finalData = line[5..].Trim();
                }
                else if (line.Length == 0)
                {
                    if (final is not null)
                    {
                        break;
                    }
                    eventType = null;
                }
            }
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (final != "done" || finalData is null)
            {
                Error($"stream ended with {final ?? "nothing"}: {finalData}");
                return null;
            }
            using var json = JsonDocument.Parse(finalData);
            var degraded = json.RootElement.TryGetProperty("degraded", out var dg) && dg.ValueKind == JsonValueKind.True;
            var responder = json.RootElement.TryGetProperty("responder", out var r) ? r.GetString() : null;
            if (degraded || responder != "llm" || double.IsNaN(ttft))
            {
                Unexpected++;
                if (Unexpected <= 3)
                {
                    Console.Error.WriteLine($"  client {index}: stream answered by {responder} (degraded={degraded}, token seen={!double.IsNaN(ttft)})");
                }
            }
            var serverTtft = json.RootElement.TryGetProperty("time_to_first_token_ms", out var st) && st.ValueKind == JsonValueKind.Number ? st.GetDouble() : double.NaN;
            var serverTotal = json.RootElement.TryGetProperty("latency_ms", out var lt) && lt.ValueKind == JsonValueKind.Number ? lt.GetDouble() : double.NaN;
            return new Sample(Phase.Stream, total, ttft, serverTotal, serverTtft);
        }

        /// <summary>The provider calls of one turn, as SalesMate made them, straight to the provider.</summary>
        private async Task<Sample?> DirectAsync(CancellationToken cancellationToken)
        {
            var (tools, texts) = Bodies;
            var i = _directIndex++;
            var started = Stopwatch.GetTimestamp();
            if (tools is { Count: > 0 } && Math.Floor((i + 1) * ToolRoundShare) > Math.Floor(i * ToolRoundShare))
            {
                await PostAsync(tools[i % tools.Count], false, started, cancellationToken);
            }
            var ttft = await PostAsync(texts[i % texts.Count], true, started, cancellationToken);
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return new Sample(Phase.Direct, total, ttft, double.NaN, double.NaN);
        }

        /// <returns>ms from <paramref name="started"/> to the first content chunk (NaN when not looked for).</returns>
        private async Task<double> PostAsync(byte[] body, bool markFirstContent, long started, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            request.Headers.Accept.Add(EventStream);
            using var response = await direct.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"fake provider HTTP {(int)response.StatusCode}");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[8192];
            var marker = FakeLlmProvider.ContentMarker;
            var ttft = double.NaN;
            var carry = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(carry), cancellationToken)) > 0)
            {
                var filled = carry + read;
                if (markFirstContent && double.IsNaN(ttft))
                {
                    if (buffer.AsSpan(0, filled).IndexOf(marker) >= 0)
                    {
                        ttft = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        TurnTimelineProbe.Mark("client.first_token");
                        carry = 0;
                        continue;
                    }
                    carry = Math.Min(marker.Length - 1, filled);
                    buffer.AsSpan(filled - carry, carry).CopyTo(buffer);
                }
            }
            if (markFirstContent && double.IsNaN(ttft))
            {
                throw new InvalidOperationException("the fake provider's answer had no content chunk");
            }
            return ttft;
        }

        private async Task StartConversationAsync(CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/start") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            if (_token is not null)
            {
                request.Headers.Add("X-Session-Token", _token);
            }
            using var response = await sm.SendAsync(request, cancellationToken);
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
}

/// <summary>
/// Counts EF Core's executed SQL commands and their time, and committed transactions (DiagnosticListener; the app is
/// untouched). With <see cref="Detail"/> set, also counts each statement kind (its first words) under <see cref="Label"/>.
/// PostgreSQL round trips: every Npgsql command (the "Npgsql" ActivitySource; this includes commands EF does not log, such
/// as the row-level-security SET before a save) plus every COMMIT. BEGIN costs none: Npgsql sends it with the next command.
/// </summary>
internal sealed class DbCommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly ConcurrentDictionary<(string Label, string Statement), (int Count, double Ms)> _statements = new();
    private long _commands;
    private long _ticks;

    private readonly ActivityListener _npgsql;
    private long _roundTrips;

    public DbCommandCounter()
    {
        _all = DiagnosticListener.AllListeners.Subscribe(this);
        _npgsql = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnNpgsqlActivity,
        };
        ActivitySource.AddActivityListener(_npgsql);
    }

    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    private void OnNpgsqlActivity(Activity activity)
    {
        if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is not string text)
        {
            return;
        }
        Interlocked.Increment(ref _roundTrips);
        if (Detail && text.StartsWith("SET ", StringComparison.Ordinal) && !text.Contains("SELECT", StringComparison.Ordinal)
            && !text.Contains("UPDATE", StringComparison.Ordinal) && !text.Contains("INSERT", StringComparison.Ordinal) && !text.Contains("DELETE", StringComparison.Ordinal))
        {
            Add("SET only (row-level security before a save; not an EF command)", activity.Duration.TotalMilliseconds);
        }
    }

    public bool Detail { get; set; }

    /// <summary>SALESMATE_BENCH_SQL_TEXT=1: --sql-detail lists whole statements instead of their kinds.</summary>
    private static readonly bool FullText = Environment.GetEnvironmentVariable("SALESMATE_BENCH_SQL_TEXT") == "1";

    public string Label { get; set; } = "";

    public (long Commands, double Ms) Read() => (Interlocked.Read(ref _commands), TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds);

    /// <summary>Statement kinds counted under <paramref name="label"/>, most frequent first.</summary>
    public IEnumerable<(string Statement, int Count, double Ms)> Statements(string label) =>
        _statements.Where(kv => kv.Key.Label == label).Select(kv => (kv.Key.Statement, kv.Value.Count, kv.Value.Ms)).OrderByDescending(r => r.Count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.TransactionCommitted.Name));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is CommandExecutedEventData executed)
        {
            Interlocked.Increment(ref _commands);
            Interlocked.Add(ref _ticks, executed.Duration.Ticks);
            if (Detail)
            {
                Add(FullText ? string.Join(' ', executed.Command.CommandText.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)) : Kind(executed.Command.CommandText),
                    executed.Duration.TotalMilliseconds);
            }
        }
        else if (value.Value is TransactionEndEventData committed)
        {
            Interlocked.Increment(ref _roundTrips);
            if (!Detail)
            {
                return;
            }
            Add("COMMIT (SaveChanges transaction)", committed.Duration.TotalMilliseconds);
        }
    }

    private void Add(string statement, double ms) =>
        _statements.AddOrUpdate((Label, statement), (1, ms), (_, old) => (old.Count + 1, old.Ms + ms));

    /// <summary>"SELECT ... FROM x" / "INSERT INTO x" / "UPDATE x" / "DELETE FROM x", one kind per statement of a batch.</summary>
    private static string Kind(string sql)
    {
        var kinds = new List<string>();
        foreach (var raw in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = string.Join(' ', raw.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
            if (text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
            {
                kinds.Add(text);
                continue;
            }
            var verb = text.Split(' ')[0].ToUpperInvariant();
            var target = verb switch
            {
                "SELECT" => Word(text, " FROM ", 1),
                "INSERT" => Word(text, "INSERT INTO ", 0),
                "UPDATE" => Word(text, "UPDATE ", 0),
                "DELETE" => Word(text, "DELETE FROM ", 0),
                _ => "",
            };
            kinds.Add($"{verb} {target}".Trim());
        }
        return string.Join("; ", kinds);
    }

    private static string Word(string text, string after, int occurrence)
    {
        var at = -1;
        for (var i = 0; i <= occurrence; i++)
        {
            var next = text.IndexOf(after, at + 1, StringComparison.OrdinalIgnoreCase);
            if (next < 0)
            {
                break;
            }
            at = next;
        }
        return at < 0 ? "" : text[(at + after.Length)..].Split(' ', '(')[0].Trim('"');
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _npgsql.Dispose();
        _all.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
