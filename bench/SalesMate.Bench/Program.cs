using SalesMate.Bench;

// SalesMate latency harness: plain Stopwatch timings, percentiles by nearest rank. See docs/BENCHMARKS.md.
return await BenchCli.RunAsync(args);

namespace SalesMate.Bench
{
    internal static class BenchCli
    {
        public const string Usage = """
            SalesMate.Bench - latency harness (run in Release: dotnet run -c Release --project bench/SalesMate.Bench -- <command> ...)

            Commands:
              turns    Chat turns over real HTTP against the app started in-process on a loopback port.
                         --db sqlite|postgres   database provider (default sqlite; a fresh SQLite file / fresh PG database per run)
                         --clients N            concurrent shoppers, each with its own session and conversations (default 1)
                         --turns N              measured turns PER CLIENT (default 500)
                         --warmup N             unmeasured turns per client before measuring (default: max(14, 280/clients))
                         --pg "conn string"     PostgreSQL admin connection (required for --db postgres); a database
                                                salesmate_bench_<random> is created on it and dropped afterwards
                         --keep-db              do not delete the SQLite file / drop the PG database at the end
                         --breakdown            also attribute server time per turn (EF Core + hosting DiagnosticListeners):
                                                database commands, commit, app CPU, HTTP overhead
                         --sqlite-pragmas "synchronous=NORMAL;busy_timeout=5000"
                                                WHAT-IF experiment: run these PRAGMAs on every SQLite connection the app
                                                opens (via EF Core's ConnectionOpened diagnostic event; src/ untouched)
                         --timeout S            hard stop for the measured phase in seconds (default 300)
              search   CatalogSnapshot.Search + top-10, in-process.
                         --products N           127 = the real data/products/products.json; anything else = generated (default 127)
                         --queries N            measured queries (default 5000), after 500 warm-up queries
                         --seed N               generator / query-order seed (default 42)
                         --strip-stopwords      WHAT-IF experiment: drop common English words from the queries first
              startup  Wall time from launching `dotnet src/SalesMate/bin/<cfg>/net10.0/salesmate.dll serve` to the first
                       200 from GET /health; fresh SQLite file (migration + demo seed) and already-seeded file.
                         --runs N               measured runs per mode (default 5), after one unmeasured warm-up launch
                         --dll PATH             salesmate.dll to launch (default: the Release build under src/)
                         --timeout S            per-launch limit in seconds (default 60)
                         --env N=V[,N=V...]     extra environment for the child (e.g. DOTNET_TieredPGO=0), for experiments

              overhead Platform overhead per chat turn against a fake OpenAI-compatible provider with ZERO delay
                       (FakeLlmProvider: in-process Kestrel, POST /v1/chat/completions, streamed chunks + usage chunk +
                       [DONE]). The app runs in-process with llm.provider=openai-compatible pointed at it. Per level,
                       in alternating rounds: a direct client replaying the request bodies SalesMate sent (streamed),
                       SalesMate POST /api/v1/chat/message, and SalesMate POST /api/v1/chat/{id}/stream read to the
                       first `event: token` (TTFT) and on to `event: done`. Overhead pX = pX(SalesMate) - pX(direct).
                         --db sqlite|postgres   database provider (default sqlite); --pg "conn string" for postgres
                         --clients LIST         concurrent conversations, comma-separated levels (default 1,32)
                         --samples N            measured samples per mode per level (default 1200)
                         --rounds N             alternating rounds the samples are split into (default 4)
                         --warmup N             SalesMate turns of each kind per level before measuring (default 300)
                         --settle S             then keep warming up in batches until a batch JIT-compiles < 10
                                                methods, for at most S seconds (default 60; 0 = off)
                         --tool-call on|off     on (default): the provider answers the first call of a turn with a tool
                                                call search_products {"query":"laptop"}, so the tool loop runs once (2
                                                provider calls per turn); off: it answers with text at once (1 call)
                         --breaker-min-throughput N  llm.circuit_breaker.minimum_throughput (default 10000, the
                                                maximum the app's option validation accepts)
                         --timeout S            hard stop per level in seconds (default 300)
                         --sql-detail           DIAGNOSIS: list the SQL statements (and commits) per turn of each kind
                         --ttft-path            DIAGNOSIS (1 client): SQL commands, allocation and CPU from an SSE
                                                request to its first token (waits for the previous stream to end first)
                         --timeline             DIAGNOSIS (1 client): median time of each SalesMate.TurnTimeline mark
                                                after the generation started (plan, prompt, each provider call, tools)
                         --alloc-types N        DIAGNOSIS: the N types allocated most per turn of each kind (sampled
                                                by the runtime's GCAllocationTick event, about one per 100 KB)
                         --jit-list N           DIAGNOSIS: the N methods compiled most during measurement, with their
                                                tier (runtime MethodLoadVerbose events): what a "settled" run still compiles
                         --pipeline-probe N     DIAGNOSIS (1 client): after the level, 4 rounds of N requests each to
                                                bare Kestrel, GET /health and GET /api/v1/chat/history (the request
                                                path without a turn): wall p50, CPU, allocation and SQL per request
                         --think-ms N           pause N ms (random 0.5x-1.5x) before each measured operation, so the
                                                clients are concurrent conversations rather than a saturating closed
                                                loop (default 0 = closed loop)
              sse-streams  How many concurrent open SSE streams the app holds, and memory per stream. The app runs in
                       THIS process alone; a helper child process (this harness, `sse-helper`) runs the fake provider
                       (stalls every answer after its first content chunk, holding the upstream connection open) and
                       all clients: per stream POST /api/v1/chat/start (new session), POST /api/v1/streams, then
                       GET /events/stream kept open. Ramps in steps; after each step (all listeners have received
                       their first `event: token`) it measures this process's GC heap (after a full blocking GC),
                       working set and anonymous RSS, threads, and its CPU use while the streams sit idle.
                         --streams N            streams to reach (default 5000)
                         --step N               streams added per step (default 1000)
                         --concurrency N        streams being opened at once by the helper (default 32)
                         --idle S               seconds of idle measurement per step (default 5)
                         --hold S               extra seconds to hold the maximum before stopping (default 0)
                         --upstream-http 2|1.1  app -> fake provider protocol (default 2: h2c, llm.http_version=2)
                         --heap-histogram DIR   DIAGNOSIS: after the baseline and each step, write a type histogram of
                                                this process's heap to DIR/heap-<streams>.tsv (bench/tools/HeapStat, ClrMD;
                                                build it first). Compare: dotnet bench/tools/HeapStat/bin/Release/net10.0/
                                                HeapStat.dll --diff DIR/heap-1000.tsv DIR/heap-2000.tsv 1000
                         --db sqlite|postgres   (default sqlite); --pg "conn string" for postgres
                         --timeout S            overall limit in seconds (default 480); the run stops itself
              ingest   Ingestion throughput for generated text PDFs (PDFsharp), in-process: pages/s and chunks/s for parsing
                       (pdftotext + structure), chunking, and the whole pipeline (upload checks, storage, parse, chunk,
                       save, local embeddings + in-process vectors; no remote calls). PDF generation is not timed.
                         --pdfs N               documents (default 20)
                         --pages N              pages per document (default 50)
                         --words N              words per page (default 350)
                         --workers N            documents ingested at once (default: the number of cores)
                         --db sqlite|postgres   (default sqlite); --pg "conn string" for postgres
              retrieval  Passage retrieval latency at growing sizes: generated passages (60-120 words from a Zipf
                       5,000-word vocabulary, random 384-dim unit vectors) bulk-loaded into the app database with the
                       full-text triggers on; per size: exact in-process SIMD scan, full text (FTS5 bm25 or ts_rank),
                       the memory store, the whole hybrid retrieval, and pgvector HNSW when --pgvector is given.
                         --sizes LIST           passage counts, ascending (default 10000,100000,1000000)
                         --queries N            measured queries per measurement (default 200), after 20 warm-up
                         --db sqlite|postgres   (default sqlite); --pg "conn string" for postgres
                         --pgvector "conn"      a pgvector server (e.g. PGlite: tests/SalesMate.Tests/Rag/pglite/server.mjs)
                         --pgvector-search-path S   search_path for it (PGlite: public)
                         --pgvector-max N       largest size also loaded into pgvector (default 10000)
                         --pgvector-batch N     vectors per INSERT by the store (default 200)
              (sse-helper is internal: the child process of sse-streams, driven over stdin/stdout)

            voice [--turns N] [--chunk-ms 250] [--format wav|webm] [--compare-stt]
              voice turn latency with the local engines (espeak-ng, pocketsphinx): STT, first token, first audio byte, total;
              audio sent as a recorder would (chunk-ms of speech per message, in real time; 0 = all at once);
              --compare-stt: old (process per utterance) vs resident vs streamed STT, ffmpeg and espeak-ng, interleaved

            Common:
              --root PATH   repository root (default: found by walking up to SalesMate.slnx)
              --help        this text
            """;

        public static async Task<int> RunAsync(string[] args)
        {
            if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 1 : 0;
            }
            Options options;
            try
            {
                options = Options.Parse(args[1..]);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
            if (options.Has("help"))
            {
                Console.WriteLine(Usage);
                return 0;
            }

            BuildInfo.WarnIfNotOptimized();
            try
            {
                return args[0] switch
                {
                    "turns" => await TurnsBenchmark.RunAsync(options),
                    "search" => SearchBenchmark.Run(options),
                    "startup" => await StartupBenchmark.RunAsync(options),
                    "overhead" => await OverheadBenchmark.RunAsync(options),
                    "sse-streams" => await SseStreamsBenchmark.RunAsync(options),
                    "sse-helper" => await SseStreamsBenchmark.HelperAsync(options),
                    "ingest" => await IngestBenchmark.RunAsync(options),
                    "retrieval" => await RetrievalBenchmark.RunAsync(options),
                    "voice" => await VoiceBenchmark.RunAsync(options),
                    _ => Unknown(args[0]),
                };
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
        }

        private static int Unknown(string command)
        {
            Console.Error.WriteLine($"Unknown command '{command}'. Use --help.");
            return 2;
        }
    }

    /// <summary>--key value / --key=value / --flag parsing; unknown keys are rejected by each command's Get calls.</summary>
    internal sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument '{arg}'. Use --help.");
                }
                var key = arg[2..];
                string? value = null;
                var eq = key.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = key[(eq + 1)..];
                    key = key[..eq];
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                options._values[key] = value;
            }
            return options;
        }

        public bool Has(string key) => _values.ContainsKey(key);

        public string? String(string key, string? fallback = null) => _values.TryGetValue(key, out var v) && v is not null ? v : fallback;

        public int Int(string key, int fallback, int min = 1, int max = int.MaxValue)
        {
            if (!_values.TryGetValue(key, out var text) || text is null)
            {
                return fallback;
            }
            if (!int.TryParse(text, out var value) || value < min || value > max)
            {
                throw new ArgumentException($"--{key} must be a whole number from {min} to {max}; got '{text}'.");
            }
            return value;
        }
    }

    internal static class BuildInfo
    {
        public static bool IsOptimized(System.Reflection.Assembly assembly) =>
            assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
                .OfType<System.Diagnostics.DebuggableAttribute>()
                .All(d => !d.IsJITOptimizerDisabled);

        public static void WarnIfNotOptimized()
        {
            foreach (var assembly in new[] { typeof(BenchCli).Assembly, typeof(SalesMateApp).Assembly })
            {
                if (!IsOptimized(assembly))
                {
                    Console.Error.WriteLine($"WARNING: {assembly.GetName().Name} is a Debug build; numbers are not representative. Use -c Release.");
                }
            }
        }

        public static string Describe() =>
            $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
            $"{Environment.ProcessorCount} cores, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, " +
            $"salesmate.dll {(IsOptimized(typeof(SalesMateApp).Assembly) ? "Release" : "DEBUG")}";
    }

    internal static class RepoPaths
    {
        public static string Root(Options options)
        {
            if (options.String("root") is { } given)
            {
                return Path.GetFullPath(given);
            }
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "SalesMate.slnx")))
                    {
                        return dir.FullName;
                    }
                }
            }
            throw new ArgumentException("Cannot find the repository root (SalesMate.slnx); pass --root.");
        }
    }
}
