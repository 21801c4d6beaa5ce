using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Tenancy;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Services.Rag.Ingestion.Crawling;
using Spectre.Console;

namespace SalesMate.Cli;

/// <summary>
/// `salesmate ingest` and `salesmate crawl`: add files, folders, URLs or a whole site to a tenant's knowledge base,
/// parsed and indexed in this process (no server needed), with a progress bar and a summary table.
/// </summary>
internal static class KnowledgeCommands
{
    private static Option<string?> TenantOption() => new("--tenant") { Description = "Slug of the tenant whose knowledge base to fill (default: app.default_tenant)." };

    private static Option<string?> AgentOption() => new("--agent") { Description = "Agent whose retrieval namespace gets the documents (default: app.default_agent)." };

    private static Option<string?> TagsOption() => new("--tags") { Description = "Comma-separated tags for every document, e.g. policy,warranty." };

    public static Command Ingest()
    {
        var sources = new Argument<string[]>("PATH|URL") { Description = "Files, folders (read recursively) or http(s) URLs.", Arity = ArgumentArity.OneOrMore };
        var tenant = TenantOption();
        var agent = AgentOption();
        var tags = TagsOption();
        var command = new Command("ingest", "Add files, folders or web pages to the knowledge base: checked, parsed, chunked and indexed now.")
        {
            sources, tenant, agent, tags,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (files, skipped) = CollectFiles(parse.GetValue(sources)!);
            await using var session = await KnowledgeSession.OpenAsync(parse.GetValue(tenant), parse.GetValue(agent), parse.GetValue(tags), cancellationToken);
            if (session is null)
            {
                return 2;
            }
            var results = skipped.ToList();
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Ingesting", maxValue: Math.Max(1, files.Count));
                    foreach (var source in files)
                    {
                        task.Description = Markup.Escape(Shorten(source));
                        results.Add(await session.IngestSourceAsync(source, cancellationToken));
                        task.Increment(1);
                    }
                    task.Description = "Ingested";
                });
            return Summarize(results, session.Namespace);
        });
        return command;
    }

    public static Command Crawl()
    {
        var url = new Argument<string>("URL") { Description = "Where to start; only pages on the same host are fetched." };
        var maxPages = new Option<int>("--max-pages") { Description = "Most pages to fetch (1-10000).", DefaultValueFactory = _ => 100 };
        var maxDepth = new Option<int>("--max-depth") { Description = "Most links to follow from the start page (0-20).", DefaultValueFactory = _ => 3 };
        var tenant = TenantOption();
        var agent = AgentOption();
        var tags = TagsOption();
        var command = new Command("crawl",
            "Load a website into the knowledge base: same host only, robots.txt respected, sitemap.xml used when present, " +
            "User-Agent SalesMateBot/1.0 (+rag.crawler_info_url).")
        {
            url, maxPages, maxDepth, tenant, agent, tags,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var start) || start.Scheme is not ("http" or "https"))
            {
                AnsiConsole.MarkupLine("[red]URL must be an absolute http(s) address.[/]");
                return 2;
            }
            var pages = parse.GetValue(maxPages);
            var depth = parse.GetValue(maxDepth);
            if (pages is < 1 or > 10_000 || depth is < 0 or > 20)
            {
                AnsiConsole.MarkupLine("[red]--max-pages must be 1-10000 and --max-depth 0-20.[/]");
                return 2;
            }
            await using var session = await KnowledgeSession.OpenAsync(parse.GetValue(tenant), parse.GetValue(agent), parse.GetValue(tags), cancellationToken);
            if (session is null)
            {
                return 2;
            }
            var settings = session.Settings;
            var results = new List<IngestResult>();
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"Crawling {Markup.Escape(start.Host)}", maxValue: pages);
                    var crawler = new SiteCrawler(session.Http);
                    var found = await crawler.CrawlAsync(new CrawlOptions(start, pages, depth, settings.CrawlerUserAgent, settings.MaxUploadBytes),
                        new Progress<CrawledPage>(page =>
                        {
                            task.Description = Markup.Escape(Shorten(page.Url.AbsoluteUri));
                            task.Increment(page.Html is null && page.Problem == "disallowed by robots.txt" ? 0 : 1);
                        }), cancellationToken);
                    task.Value = task.MaxValue;
                    var ingest = progress.AddTask("Ingesting pages", maxValue: Math.Max(1, found.Count));
                    foreach (var page in found)
                    {
                        results.Add(page.Html is null
                            ? new IngestResult(page.Url.AbsoluteUri, "skipped", null, 0, page.Problem)
                            : await session.IngestAsync(new IncomingFile(PageFileName(page.Url), page.Html.Length, () => new MemoryStream(page.Html), page.Url.AbsoluteUri),
                                cancellationToken));
                        ingest.Increment(1);
                    }
                });
            return Summarize(results, session.Namespace);
        });
        return command;
    }

    /// <summary>Files of the arguments, folders expanded recursively (hidden files left out); URLs pass through.</summary>
    private static (List<string> Sources, List<IngestResult> Skipped) CollectFiles(IEnumerable<string> arguments)
    {
        var sources = new List<string>();
        var skipped = new List<IngestResult>();
        foreach (var argument in arguments)
        {
            if (IsUrl(argument) || File.Exists(argument))
            {
                sources.Add(argument);
            }
            else if (Directory.Exists(argument))
            {
                foreach (var file in Directory.EnumerateFiles(argument, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
                             .Order(StringComparer.Ordinal))
                {
                    if (DocumentFormats.ByExtension.ContainsKey(Path.GetExtension(file)))
                    {
                        sources.Add(file);
                    }
                    else
                    {
                        skipped.Add(new IngestResult(file, "skipped", null, 0, $"'{Path.GetExtension(file)}' is not an accepted format"));
                    }
                }
            }
            else
            {
                skipped.Add(new IngestResult(argument, IngestResult.Refused, null, 0, "no such file, folder or http(s) URL"));
            }
        }
        return (sources, skipped);
    }

    private static int Summarize(IReadOnlyList<IngestResult> results, string @namespace)
    {
        var table = new Table().AddColumns("Source", "Status", "Chunks", "Detail");
        foreach (var result in results)
        {
            var color = result.Status switch { "ready" => "green", "duplicate" or "skipped" => "yellow", _ => "red" };
            table.AddRow(Markup.Escape(Shorten(result.Name)), $"[{color}]{result.Status}[/]", result.Chunks.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(result.Detail ?? ""));
        }
        AnsiConsole.Write(table);
        // Problems again as plain lines: a table cell wraps long reasons, these stay whole for reading and copying.
        foreach (var problem in results.Where(r => r.Status is "failed" or IngestResult.Refused))
        {
            AnsiConsole.MarkupLine($"[red]{problem.Status}:[/] {Markup.Escape(problem.Name)}: {Markup.Escape(problem.Detail ?? "")}");
        }
        var counts = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        int Count(string status) => counts.GetValueOrDefault(status);
        var failures = Count("failed") + Count(IngestResult.Refused);
        AnsiConsole.MarkupLine($"Namespace {Markup.Escape(@namespace)}: {Count("ready")} ready, {Count("failed")} failed, {Count(IngestResult.Duplicate)} duplicate, " +
            $"{Count(IngestResult.Refused)} refused, {Count("skipped")} skipped.");
        return failures == 0 ? 0 : 1;
    }

    private static bool IsUrl(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>A file name for a fetched page: its last path segment as .html ("index.html" for a folder).</summary>
    private static string PageFileName(Uri url)
    {
        var last = url.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } segment ? Path.GetFileNameWithoutExtension(segment) : "index";
        return (last.Length > 0 ? last : "index") + ".html";
    }

    private static string Shorten(string text) => text.Length > 70 ? "..." + text[^67..] : text;

    /// <summary>The CLI host, pointed at the tenant, with the namespace, tags and an HTTP client for URLs.</summary>
    private sealed class KnowledgeSession : IAsyncDisposable
    {
        private readonly CliHost _host;
        private readonly IReadOnlyList<string> _tags;

        private KnowledgeSession(CliHost host, string @namespace, IReadOnlyList<string> tags)
        {
            _host = host;
            Namespace = @namespace;
            _tags = tags;
            Settings = host.Get<IOptions<IngestionOptions>>().Value;
            Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5, ConnectTimeout = TimeSpan.FromSeconds(10) })
            {
                Timeout = TimeSpan.FromSeconds(60),
            };
        }

        public string Namespace { get; }
        public IngestionOptions Settings { get; }
        public HttpClient Http { get; }

        public static async Task<KnowledgeSession?> OpenAsync(string? tenant, string? agent, string? tags, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> tagList;
            try
            {
                tagList = KnowledgeUploads.ParseTags([tags]);
            }
            catch (Core.RequestValidationException ex)
            {
                AnsiConsole.MarkupLine($"[red]--tags:[/] {Markup.Escape(ex.Errors.First().Value[0])}");
                return null;
            }
            var host = await CliHost.StartAsync(cancellationToken);
            await host.PrepareDefaultTenantAsync(cancellationToken);
            var slug = tenant ?? host.DefaultTenant;
            var found = await host.Get<SalesMateDbContext>().Tenants.AsNoTracking().Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
            if (found is null)
            {
                AnsiConsole.MarkupLine($"[red]No tenant with slug '{Markup.Escape(slug)}'.[/]");
                await host.DisposeAsync();
                return null;
            }
            host.Get<TenantContext>().Set(found.Value);
            var agents = host.Get<AgentContext>();
            if (await agents.FindAsync(agent ?? agents.Name, cancellationToken) is not { } settings)
            {
                AnsiConsole.MarkupLine($"[red]--agent must be one of {string.Join(", ", Core.Entities.Agents.All)}.[/]");
                await host.DisposeAsync();
                return null;
            }
            return new KnowledgeSession(host, settings.RetrievalNamespace, tagList);
        }

        public Task<IngestResult> IngestAsync(IncomingFile file, CancellationToken cancellationToken) =>
            _host.Get<ForegroundIngestion>().IngestAsync(file, Namespace, _tags, cancellationToken);

        public async Task<IngestResult> IngestSourceAsync(string source, CancellationToken cancellationToken)
        {
            if (!IsUrl(source))
            {
                var info = new FileInfo(source);
                return await IngestAsync(new IncomingFile(info.Name, info.Length, info.OpenRead), cancellationToken) with { Name = source };
            }
            var url = new Uri(source);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("User-Agent", Settings.CrawlerUserAgent);
                using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    return new IngestResult(source, "failed", null, 0, $"HTTP {(int)response.StatusCode}");
                }
                if (response.Content.Headers.ContentLength > Settings.MaxUploadBytes)
                {
                    return new IngestResult(source, IngestResult.Refused, null, 0, $"larger than {Settings.MaxUploadMb} MB (rag.max_upload_mb)");
                }
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var name = response.Content.Headers.ContentType?.MediaType switch
                {
                    "text/html" or "application/xhtml+xml" => PageFileName(url),
                    "application/pdf" => Path.ChangeExtension(PageFileName(url), ".pdf"),
                    _ => url.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } segment ? segment : "download",
                };
                return await IngestAsync(new IncomingFile(name, body.Length, () => new MemoryStream(body), url.AbsoluteUri), cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new IngestResult(source, "failed", null, 0, ex is TaskCanceledException ? "timed out" : $"unreachable ({ex.Message})");
            }
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _host.DisposeAsync();
        }
    }
}
