using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Bench;

/// <summary>
/// Ingestion throughput for generated text PDFs, in-process against the real services: pages/s and chunks/s for
/// (1) parsing alone (pdftotext child process + structure), (2) chunking alone, and (3) the whole pipeline of the
/// background queue (upload checks, SHA-256, storage, claim, parse, chunk, save chunks, IKnowledgeIndexer with the
/// local embedding generator and the in-process vector store; no remote calls). PDF generation is not timed.
/// </summary>
internal static class IngestBenchmark
{
    private static readonly string[] Words =
    [
        "warranty", "laptop", "battery", "return", "refund", "delivery", "store", "customer", "covered", "repair", "screen", "policy",
        "the", "and", "for", "with", "within", "days", "years", "months", "receipt", "original", "packaging", "service", "center",
        "claim", "defect", "hardware", "software", "accessory", "exchange", "price", "match", "member", "online", "order",
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var pdfs = options.Int("pdfs", 20, 1, 10_000);
        var pages = options.Int("pages", 50, 1, 2000);
        var words = options.Int("words", 350, 10, 5000);
        var workers = options.Int("workers", Environment.ProcessorCount, 1, 64);
        var db = options.String("db", "sqlite")!;
        var root = RepoPaths.Root(options);
        var folder = Path.Combine(Path.GetTempPath(), $"salesmate-bench-ingest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);

        await using var database = db == "sqlite"
            ? TurnsBenchmark.TempDatabase.Sqlite()
            : await TurnsBenchmark.TempDatabase.PostgresAsync(options.String("pg") ?? throw new ArgumentException("--db postgres needs --pg \"Host=...\"."));
        var app = SalesMateApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--database:provider={db}",
            $"--database:connection_string={database.ConnectionString}",
            "--logging:console=false", "--logging:path=", "--logging:level=WARN",
            $"--app:data_dir={Path.Combine(root, "data")}",
            $"--rag:upload_dir={Path.Combine(folder, "uploads")}",
            "--environment=Production",
        ]);
        await app.StartAsync();
        try
        {
            Console.WriteLine($"ingest: {pdfs} PDFs x {pages} pages x ~{words} words, {workers} workers, database {db}, {Environment.ProcessorCount} cores");
            var generated = Stopwatch.StartNew();
            var files = Enumerable.Range(0, pdfs).Select(i =>
            {
                var path = Path.Combine(folder, $"doc-{i:D4}.pdf");
                File.WriteAllBytes(path, GeneratePdf(new Random(1000 + i), pages, words));
                return path;
            }).ToList();
            Console.WriteLine($"  generated in {generated.Elapsed.TotalSeconds:0.0} s (not timed below); {files.Sum(f => new FileInfo(f).Length) / 1024} KB total");

            var parsing = app.Services.GetRequiredService<DocumentParsing>();
            var settings = app.Services.GetRequiredService<IOptions<IngestionOptions>>().Value;
            await parsing.ParseAsync(files[0], DocumentFormats.Pdf, CancellationToken.None); // warm-up

            var load = MachineLoad.Start();
            var parsedDocs = new ParsedDocument[files.Count];
            var parseTime = await TimeAsync(files.Count, workers, async i => parsedDocs[i] = await parsing.ParseAsync(files[i], DocumentFormats.Pdf, CancellationToken.None));
            var totalPages = parsedDocs.Sum(p => p.PageCount);
            Report("parse (pdftotext + structure)", parseTime, totalPages, null, load);

            load = MachineLoad.Start();
            var chunkCounts = new int[files.Count];
            var chunkTime = await TimeAsync(files.Count, workers, i =>
            {
                chunkCounts[i] = new Chunker(settings.ChunkTokens, settings.ChunkOverlap).Split(parsedDocs[i].Blocks).Chunks.Count;
                return Task.CompletedTask;
            });
            Report("chunk", chunkTime, totalPages, chunkCounts.Sum(), load, runsPdfToText: false);

            var tenantId = await DemoTenantAsync(app.Services);
            load = MachineLoad.Start();
            var stored = new int[files.Count];
            var pipelineTime = await TimeAsync(files.Count, workers, async i =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
                var info = new FileInfo(files[i]);
                var result = await scope.ServiceProvider.GetRequiredService<ForegroundIngestion>()
                    .IngestAsync(new IncomingFile(info.Name, info.Length, info.OpenRead), "demo/sales", [], CancellationToken.None);
                if (result.Status != "ready")
                {
                    throw new InvalidOperationException($"{info.Name}: {result.Status} {result.Detail}");
                }
                stored[i] = result.Chunks;
            });
            Report("whole pipeline (store + local index)", pipelineTime, totalPages, stored.Sum(), load);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> TimeAsync(int count, int workers, Func<int, Task> work)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await work(i);
            }
        })));
        return Stopwatch.GetElapsedTime(started);
    }

    private static void Report(string phase, TimeSpan elapsed, int pages, int? chunks, MachineLoad load, bool runsPdfToText = true)
    {
        var seconds = elapsed.TotalSeconds;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  {phase,-40} {seconds,7:0.000} s  {pages / seconds,9:0.0} pages/s");
        if (chunks is { } c)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"  {c / seconds,9:0.0} chunks/s ({c} chunks)");
        }
        Console.WriteLine(line + "\n      " + (runsPdfToText ? load.Describe("the pdftotext child processes this phase starts") : load.Describe()));
    }

    private static async Task<Guid> DemoTenantAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
    }

    /// <summary>A text PDF: per page a heading and paragraphs of random words, drawn in DejaVu Sans 10 pt.</summary>
    private static byte[] GeneratePdf(Random random, int pages, int wordsPerPage)
    {
        BenchFonts.Install();
        using var document = new PdfDocument();
        var font = new XFont("DejaVu Sans", 10);
        var heading = new XFont("DejaVu Sans", 14, XFontStyleEx.Bold);
        for (var p = 0; p < pages; p++)
        {
            var page = document.AddPage();
            using var graphics = XGraphics.FromPdfPage(page);
            graphics.DrawString($"Section {p + 1}", heading, XBrushes.Black, new XPoint(50, 50));
            var y = 80.0;
            var line = new List<string>();
            for (var w = 0; w < wordsPerPage && y < page.Height.Point - 50; w++)
            {
                line.Add(Words[random.Next(Words.Length)]);
                if (line.Count == 14 || w == wordsPerPage - 1 || random.Next(60) == 0)
                {
                    graphics.DrawString(string.Join(' ', line) + (random.Next(3) == 0 ? "." : ""), font, XBrushes.Black, new XPoint(50, y));
                    y += random.Next(8) == 0 ? 26 : 13;
                    line.Clear();
                }
            }
        }
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }
}

/// <summary>PDFsharp (AGPL, used only to write benchmark input) needs its license mode set and a font source on Linux.</summary>
internal sealed class BenchFonts : IFontResolver
{
    private static readonly Lock Gate = new();

    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                PdfSharp.PdfSharpLicense.SetAgplLicense();
                GlobalFontSettings.FontResolver = new BenchFonts();
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[] GetFont(string faceName) => File.ReadAllBytes(Path.Combine("/usr/share/fonts/truetype/dejavu", faceName + ".ttf"));
}
