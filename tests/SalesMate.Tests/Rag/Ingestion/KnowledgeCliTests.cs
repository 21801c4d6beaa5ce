using System.Text;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>`salesmate ingest` and `salesmate crawl` as users run them: a separate process against the app's database.</summary>
public abstract class KnowledgeCliTests(KnowledgeAppFixture app)
{
    private Dictionary<string, string> Environment() => new(CliRunner.DatabaseEnvironment(app.Factory.Database))
    {
        ["RAG__UPLOAD_DIR"] = app.UploadDir,
    };

    private async Task<List<DocumentResponse>> DocumentsAsync() =>
        [.. (await app.Client.GetAsync<PageResponse<DocumentResponse>>("/api/v1/rag/documents?page_size=100", app.AdminToken)).Items];

    [Fact]
    public async Task Ingest_reads_a_folder_recursively_and_summarises_ready_failed_duplicate_and_skipped()
    {
        var folder = Path.Combine(Path.GetTempPath(), "salesmate-tests", "ingest-" + Guid.NewGuid().ToString("N"));
        var marker = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.Combine(folder, "policies", "old"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "warranty.pdf"), TestDocuments.Pdf([["Warranty Policy", $"Laptops have two years. {marker}"], ["Phones", "Phones have one year."]]));
        await File.WriteAllBytesAsync(Path.Combine(folder, "policies", "handbook.docx"), TestDocuments.Docx(b => b.Append(TestDocuments.StyledParagraph($"Handbook {marker}", null))));
        await File.WriteAllTextAsync(Path.Combine(folder, "policies", "old", "delivery.md"), $"# Delivery\n\nNext day. {marker}");
        await File.WriteAllTextAsync(Path.Combine(folder, "policies", "old", "delivery-copy.md"), $"# Delivery\n\nNext day. {marker}");
        await File.WriteAllBytesAsync(Path.Combine(folder, "policies", "invoice.pdf"), TestDocuments.WindowsExecutable());
        await File.WriteAllTextAsync(Path.Combine(folder, "logo.svg"), "<svg/>");
        try
        {
            var result = await CliRunner.RunAsync(Environment(), "ingest", folder, "--tags", "cli,policy");

            result.ExitCode.Should().Be(1, "one file was refused\n" + result.Output);
            result.Output.Should().Contain("3 ready, 0 failed, 1 duplicate, 1 refused, 1 skipped");
            result.Output.Should().Contain("the name says PDF but the content is a Windows executable");
            var documents = (await DocumentsAsync()).Where(d => d.Tags.SequenceEqual(["cli", "policy"])).ToList();
            documents.Select(d => d.FileName).Should().BeEquivalentTo("warranty.pdf", "handbook.docx", "delivery-copy.md");
            documents.Should().OnlyContain(d => d.Status == "ready" && d.Namespace == "demo/sales" && d.ChunkCount > 0);
            documents.Single(d => d.Format == "pdf").PageCount.Should().Be(2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ingest_reports_an_unknown_tenant_and_a_bad_agent()
    {
        var unknown = await CliRunner.RunAsync(Environment(), "ingest", "README.md", "--tenant", "no-such-tenant");
        var badAgent = await CliRunner.RunAsync(Environment(), "ingest", "README.md", "--agent", "Bad Agent!");

        unknown.ExitCode.Should().Be(2);
        unknown.Output.Should().Contain("No tenant with slug 'no-such-tenant'");
        badAgent.ExitCode.Should().Be(2);
        badAgent.Output.Should().Contain("--agent must be one of sales, trainer");
    }

    [Fact]
    public async Task Crawl_stays_on_the_host_respects_robots_uses_the_sitemap_and_ends_link_loops()
    {
        var marker = Guid.NewGuid().ToString("N")[..12];
        await using var elsewhere = await LocalSite.StartAsync(new Dictionary<string, string> { ["/"] = "<p>Another site</p>" });
        await using var site = await LocalSite.StartAsync(new Dictionary<string, string>
        {
            ["/robots.txt"] = "User-agent: *\nDisallow: /private\n\nUser-agent: OtherBot\nDisallow: /\n\nSitemap: {base}/sitemap.xml\n",
            ["/sitemap.xml"] = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{base}/only-in-sitemap</loc></url></urlset>",
            ["/"] = $"<html><head><title>Home {marker}</title></head><body><nav><a href=\"/about\">About</a></nav><main><h1>Welcome</h1><p>Home page {marker}.</p>" +
                    $"<a href=\"/about#team\">Team</a> <a href=\"/private/prices\">Prices</a> <a href=\"{elsewhere.BaseUrl}\">Partner</a> <a href=\"/loop/a\">Loop</a></main></body></html>",
            ["/about"] = $"<html><head><title>About</title></head><body><main><h1>About us</h1><p>We sell laptops. {marker}</p><a href=\"/\">Home</a></main></body></html>",
            ["/loop/a"] = $"<html><body><main><p>Loop A {marker}</p><a href=\"/loop/b\">B</a></main></body></html>",
            ["/loop/b"] = $"<html><body><main><p>Loop B {marker}</p><a href=\"/loop/a\">A</a><a href=\"/loop/b\">self</a></main></body></html>",
            ["/only-in-sitemap"] = $"<html><body><main><h2>Sitemap page</h2><p>Listed only in the sitemap. {marker}</p></main></body></html>",
            ["/private/prices"] = "<html><body><p>Dealer prices</p></body></html>",
        });

        var result = await CliRunner.RunAsync(Environment(), "crawl", site.BaseUrl.AbsoluteUri, "--max-pages", "20", "--max-depth", "5", "--tags", "site");

        result.ExitCode.Should().Be(0, result.Output);
        result.Output.Should().Contain("5 ready, 0 failed").And.Contain("disallowed by robots.txt");
        site.RequestedPaths.Should().Contain(["/robots.txt", "/sitemap.xml", "/", "/about", "/loop/a", "/loop/b", "/only-in-sitemap"]);
        site.RequestedPaths.Should().NotContain("/private/prices");
        site.RequestedPaths.Where(p => p is "/loop/a" or "/loop/b" or "/about").Should().OnlyHaveUniqueItems("each URL is fetched once");
        site.Requests.Should().OnlyContain(r => r.UserAgent.StartsWith("SalesMateBot/1.0 (+"));
        elsewhere.Requests.Should().BeEmpty("links to other hosts are not followed");
        var pages = (await DocumentsAsync()).Where(d => d.Tags.Contains("site")).ToList();
        pages.Select(d => d.SourceUrl).Should().BeEquivalentTo(new[] { "/", "/about", "/loop/a", "/loop/b", "/only-in-sitemap" }.Select(p => new Uri(site.BaseUrl, p).AbsoluteUri));
        pages.Single(d => d.SourceUrl == site.BaseUrl.AbsoluteUri).Title.Should().Be($"Home {marker}");

        var again = await CliRunner.RunAsync(Environment(), "crawl", site.BaseUrl.AbsoluteUri, "--max-pages", "20", "--max-depth", "5", "--tags", "site");
        again.Output.Should().Contain("0 ready, 0 failed, 5 duplicate", "unchanged pages are not stored twice");
    }

    [Fact]
    public async Task Every_knowledge_command_has_help()
    {
        foreach (var command in new[] { "ingest", "crawl" })
        {
            var result = await CliRunner.RunAsync(new Dictionary<string, string>(), command, "--help");
            result.ExitCode.Should().Be(0);
            result.Output.Should().Contain("--tenant").And.Contain("--agent").And.Contain("--tags");
        }
        (await CliRunner.RunAsync(new Dictionary<string, string>(), "crawl", "--help")).Output.Should().Contain("--max-pages").And.Contain("--max-depth");
    }
}

[Collection("sqlite")]
public sealed class SqliteKnowledgeCliTests(SqliteKnowledgeAppFixture app) : KnowledgeCliTests(app), IClassFixture<SqliteKnowledgeAppFixture>;

[Collection("postgres")]
public sealed class PostgresKnowledgeCliTests(PostgresKnowledgeAppFixture app) : KnowledgeCliTests(app), IClassFixture<PostgresKnowledgeAppFixture>;
