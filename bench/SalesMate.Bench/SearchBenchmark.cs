using System.Diagnostics;
using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Vector;

namespace SalesMate.Bench;

/// <summary>
/// CatalogSnapshot build time and per-query latency of Search + top 10, exactly as GET /api/v1/products/search ranks
/// (score descending, then SKU), over a mix of short, brand, spec and long conversational queries.
/// </summary>
internal static class SearchBenchmark
{
    public static readonly string[] Queries =
    [
        // short category / product words
        "laptop", "headphones", "monitor", "tablet", "camera", "smartwatch", "phone", "charger",
        // brand and model
        "sony", "apple macbook air", "samsung galaxy s25", "dell xps 15", "bose quietcomfort", "garmin forerunner", "iphone 16 pro",
        "logitech mx master", "pixel 9", "steam deck oled",
        // spec and feature queries
        "rtx 4070", "32gb ram", "4k 144hz monitor", "oled 120hz", "noise cancelling", "usb-c hub", "1tb ssd", "wifi 6",
        "mirrorless full-frame", "gps running watch", "thunderbolt dock",
        // conversational shopper phrasing, as typed into the chat box
        "I need a gaming laptop under $1500",
        "noise cancelling headphones under 300",
        "a phone with a good camera and long battery life",
        "lightweight laptop for students with long battery",
        "4K monitor for photo editing with usb c",
        "wireless earbuds for the gym",
        "cheap tablet for kids to watch videos",
        "smart speaker that works with alexa and google assistant",
        "best mirrorless camera for vlogging and travel",
        "ergonomic mouse and keyboard for my desk setup",
    ];

    public static int Run(Options options)
    {
        var count = options.Int("products", 127, 1, 2_000_000);
        var queries = options.Int("queries", 5000, 1, 10_000_000);
        var seed = options.Int("seed", 42, 0);
        var stripStopWords = options.Has("strip-stopwords");
        var root = RepoPaths.Root(options);
        var tenant = new Guid("0190f000-0000-7000-8000-000000000001");

        Console.WriteLine($"search: products={count} queries={queries} seed={seed}");
        var queryMix = stripStopWords ? Queries.Select(StripStopWords).Distinct().ToArray() : Queries;
        if (stripStopWords)
        {
            Console.WriteLine($"  WHAT-IF (not the shipped behaviour): English stop words removed from the queries before Search ({string.Join(", ", StopWords.Order())})");
        }
        Console.WriteLine($"  {BuildInfo.Describe()}");

        var genWatch = Stopwatch.StartNew();
        List<Product> products = count == 127
            ? CatalogGenerator.LoadDemo(Path.Combine(root, "data", "products", "products.json"), tenant)
            : CatalogGenerator.Generate(count, seed, tenant);
        Console.WriteLine($"  {(count == 127 ? "loaded data/products/products.json" : "generated")}: {products.Count} products in {genWatch.ElapsedMilliseconds} ms " +
                          $"({products.Select(p => p.Category).Distinct().Count()} categories, {products.Select(p => p.Brand).Distinct().Count()} brands)");
        if (count == 127 && products.Count != 127)
        {
            Console.WriteLine($"  NOTE: the demo file has {products.Count} products, not 127.");
        }

        // Build three times: the first includes JIT of the indexing code (what a fresh process pays on its first
        // query), the later ones are the steady-state rebuild after a catalog change.
        CatalogSnapshot? snapshot = null;
        var builds = new List<double>();
        var heapWithoutSnapshot = HeapAfterFullGc();
        for (var i = 0; i < 3; i++)
        {
            snapshot = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var started = Stopwatch.GetTimestamp();
            snapshot = new CatalogSnapshot(tenant, i + 1, products, "USD");
            builds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var retained = HeapAfterFullGc() - heapWithoutSnapshot;
        GC.KeepAlive(snapshot);
        Console.WriteLine($"  managed heap growth with the snapshot alive: ~{retained / (1024.0 * 1024.0):0.0} MB (index, feature text, vocabulary; products excluded)");
        Console.WriteLine($"RESULT snapshot-build products={products.Count}: first={Stats.Ms(builds[0])} ms, rebuilds={string.Join(", ", builds.Skip(1).Select(Stats.Ms))} ms");

        var random = new Random(seed);
        var hitsTotal = 0L;

        // Warm-up: every query several times, so the measured run sees tier-1 code.
        for (var i = 0; i < Math.Max(500, queryMix.Length * 10); i++)
        {
            hitsTotal += Top10(snapshot!, queryMix[i % queryMix.Length]).Count;
        }

        var samples = new double[queries];
        var perQuery = queryMix.ToDictionary(q => q, _ => new List<double>());
        var gc0 = GC.CollectionCount(0);
        var gc2 = GC.CollectionCount(2);
        var load = MachineLoad.Start();
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < queries; i++)
        {
            var query = queryMix[random.Next(queryMix.Length)];
            var started = Stopwatch.GetTimestamp();
            var top = Top10(snapshot!, query);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            perQuery[query].Add(samples[i]);
            hitsTotal += top.Count;
        }
        wall.Stop();

        var stats = new Stats(samples);
        Console.WriteLine();
        Console.WriteLine($"RESULT search{(stripStopWords ? " (what-if stop words stripped)" : "")} products={products.Count}: count={stats.Count} p50={Stats.Ms(stats.P(50))} p95={Stats.Ms(stats.P(95))} " +
                          $"p99={Stats.Ms(stats.P(99))} max={Stats.Ms(stats.Max)} ms, {(queries / wall.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture)} queries/s single-threaded");
        Console.WriteLine($"  {stats.Line(50, 90, 95, 99)}");
        Console.WriteLine($"  {load.Describe()}");
        var matchedBy = queryMix.ToDictionary(q => q, q => snapshot!.Search(q, int.MaxValue).Count);
        var matchedTotal = perQuery.Sum(kv => (long)kv.Value.Count * matchedBy[kv.Key]);
        Console.WriteLine($"  avg documents matched per query: {matchedTotal / (double)queries:0}; GCs during measurement: gen0={GC.CollectionCount(0) - gc0} gen2={GC.CollectionCount(2) - gc2}");
        Console.WriteLine("  per query (p50 / p95 ms, documents matched):");
        foreach (var (query, times) in perQuery.Where(kv => kv.Value.Count > 0).OrderByDescending(kv => new Stats(kv.Value).P(50)))
        {
            var st = new Stats(times);
            Console.WriteLine($"    {Stats.Ms(st.P(50)),8} {Stats.Ms(st.P(95)),8} {matchedBy[query],7}  {query}");
        }
        return hitsTotal > 0 ? 0 : 1;
    }

    private static long HeapAfterFullGc()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes - GC.GetGCMemoryInfo(GCKind.FullBlocking).FragmentedBytes;
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "the", "for", "with", "to", "of", "in", "on", "my", "me", "i", "need", "want", "that", "works", "best", "good",
        "under", "cheap", "something", "show",
    };

    private static string StripStopWords(string query) =>
        string.Join(' ', query.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !StopWords.Contains(w)));

    /// <summary>What ProductEndpoints.Search does: the ten best BM25 hits, score descending then SKU.</summary>
    private static IReadOnlyList<(Product Product, double Score)> Top10(CatalogSnapshot snapshot, string query) =>
        snapshot.Search(query, 10);
}
