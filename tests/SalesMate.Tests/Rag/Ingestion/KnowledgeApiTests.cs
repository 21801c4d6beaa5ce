using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Services.Rag.FullText;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Tests.Infrastructure;
using SalesMate.Vector;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>Uploads over real HTTP through the background queue to stored, indexed chunks, on SQLite and PostgreSQL.</summary>
public abstract class KnowledgeApiTests(KnowledgeAppFixture app)
{
    private HttpClient Client => app.Client;
    private string Admin => app.AdminToken;

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Unique(string text) => $"{text}\n\nReference {Guid.NewGuid():N}.";

    private async Task<UploadedDocument> UploadOneAsync(string name, byte[] content, HttpStatusCode expected = HttpStatusCode.Accepted)
    {
        using var response = await Client.UploadAsync(Admin, name, content);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<UploadResponse>()).Documents.Single();
    }

    private async Task<ChunksResponse> ChunksAsync(Guid id) => await Client.GetAsync<ChunksResponse>($"/api/v1/rag/documents/{id}/chunks", Admin);

    [Fact]
    public async Task A_warranty_pdf_is_accepted_at_once_then_ready_with_chunks_citing_the_right_pages()
    {
        using var response = await Client.UploadAsync(Admin, [("warranty-policy.pdf", TestDocuments.WarrantyPdf())], tags: "policy, Warranty");
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var uploaded = (await response.ReadAsync<UploadResponse>()).Documents.Single();
        uploaded.Status.Should().BeOneOf("queued", "processing", "ready");
        uploaded.Duplicate.Should().BeFalse();

        var document = await Client.WaitForAsync(Admin, uploaded.Id);

        document.Status.Should().Be("ready", document.Error);
        document.Format.Should().Be("pdf");
        document.FileName.Should().Be("warranty-policy.pdf");
        document.Namespace.Should().Be("demo/sales");
        document.PageCount.Should().Be(3);
        document.Tags.Should().Equal("policy", "warranty");
        document.IndexedAt.Should().NotBeNull();
        var chunks = (await ChunksAsync(document.Id)).Chunks;
        document.ChunkCount.Should().Be(chunks.Count);
        var laptops = chunks.Single(c => c.Text.Contains("two-year warranty"));
        laptops.Page.Should().Be(2);
        laptops.Section.Should().Be("Warranty Policy > Laptops");
        chunks.Single(c => c.Text.Contains("Screen cracks")).Page.Should().Be(3);

        await using var scope = app.TenantScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        (await db.DocumentChunks.Where(c => c.DocumentId == document.Id).AllAsync(c => c.Embedding != null)).Should().BeTrue("the indexer embedded every chunk");
        var hits = await scope.ServiceProvider.GetRequiredService<IFullTextSearch>()
            .SearchAsync(db, new VectorScope(app.TenantId, "demo/sales"), "laptops two-year warranty", 5, null, CancellationToken.None);
        hits.Should().Contain(h => h.ChunkId == laptops.Id);
    }

    [Fact]
    public async Task Docx_html_markdown_csv_and_text_in_one_upload_all_become_ready_with_their_structure()
    {
        var files = new (string, byte[])[]
        {
            ("handbook.docx", TestDocuments.WarrantyDocx()),
            ("returns.html", Utf8(TestDocuments.Html.Replace("</main>", $"<p>{Guid.NewGuid():N}</p></main>"))),
            ("delivery.md", Utf8(Unique(TestDocuments.Markdown))),
            ("models.csv", Utf8(TestDocuments.Csv + $"Unique {Guid.NewGuid():N},1 month,\n")),
            ("hours.txt", Utf8(Unique(TestDocuments.Text))),
        };
        using var response = await Client.UploadAsync(Admin, files);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var uploaded = (await response.ReadAsync<UploadResponse>()).Documents;
        uploaded.Select(d => d.FileName).Should().Equal(files.Select(f => f.Item1));

        var documents = new Dictionary<string, (DocumentResponse Document, IReadOnlyList<ChunkResponse> Chunks)>();
        foreach (var item in uploaded)
        {
            var document = await Client.WaitForAsync(Admin, item.Id);
            document.Status.Should().Be("ready", $"{item.FileName}: {document.Error}");
            documents[document.Format] = (document, (await ChunksAsync(document.Id)).Chunks);
        }

        documents["docx"].Document.Title.Should().Be("Warranty handbook");
        documents["docx"].Chunks.Should().Contain(c => c.Section == "Warranty > Laptops" && c.Text.Contains("- Batteries are covered for one year."));
        documents["docx"].Chunks.Should().Contain(c => c.Text.Contains("Model: Swift Go\nWarranty: 36 months"));
        var html = string.Join("\n", documents["html"].Chunks.Select(c => c.Text));
        documents["html"].Document.Title.Should().Be("Store help: returns");
        html.Should().Contain("30 days for a full refund").And.NotContain("SECRET-TRACKING").And.NotContain("NAV-LINK").And.NotContain("FOOTER");
        documents["html"].Chunks.Should().Contain(c => c.Section == "Returns > Opened items");
        documents["md"].Chunks.Should().Contain(c => c.Section == "Delivery guide > Express delivery" && c.Text.Contains("- Express costs $9.99."));
        documents["csv"].Chunks.Should().Contain(c => c.Text.Contains("Model: ZenBook 14\nWarranty: 24 months"));
        documents["txt"].Chunks.Should().Contain(c => c.Section == "STORE HOURS" && c.Text.Contains("- Sunday: closed"));
        documents.Values.Should().OnlyContain(d => d.Document.PageCount == (d.Document.Format == "pdf" ? d.Document.PageCount : 0));
    }

    [Fact]
    public async Task The_same_content_again_returns_the_existing_document_with_200_and_is_stored_once()
    {
        var content = Utf8(Unique("Gift cards never expire and can be used online or in store."));
        var first = await UploadOneAsync("gift-cards.txt", content);

        var again = await UploadOneAsync("renamed-copy.txt", content, HttpStatusCode.OK);

        again.Id.Should().Be(first.Id);
        again.Duplicate.Should().BeTrue();
        again.FileName.Should().Be("gift-cards.txt", "the existing document is returned");
        Directory.GetFiles(Path.Combine(app.UploadDir, app.TenantId.ToString()))
            .Count(f => File.ReadAllBytes(f).AsSpan().SequenceEqual(content)).Should().Be(1);

        using var otherAgent = await Client.UploadAsync(Admin, [("gift-cards.txt", content)], agent: "trainer");
        otherAgent.StatusCode.Should().Be(HttpStatusCode.Accepted, "the same file in another agent's namespace is a separate document");
        (await otherAgent.ReadAsync<UploadResponse>()).Documents.Single().Id.Should().NotBe(first.Id);
    }

    [Theory]
    [InlineData("empty.txt", "empty", HttpStatusCode.BadRequest, "empty.txt is empty (0 bytes).")]
    [InlineData("invoice.pdf", "exe", HttpStatusCode.UnsupportedMediaType, "invoice.pdf: the name says PDF but the content is a Windows executable")]
    [InlineData("policy.docx", "pdf", HttpStatusCode.UnsupportedMediaType, "policy.docx: the name says Word (DOCX) but the content is a PDF")]
    [InlineData("tool.exe", "exe", HttpStatusCode.UnsupportedMediaType, "tool.exe: '.exe' files are not accepted")]
    [InlineData("huge.txt", "30mb", HttpStatusCode.RequestEntityTooLarge, "huge.txt is 30 MB; files may be at most 25 MB (rag.max_upload_mb).")]
    public async Task Hostile_uploads_are_refused_with_a_problem_and_nothing_is_stored(string name, string kind, HttpStatusCode status, string detail)
    {
        var content = kind switch
        {
            "empty" => [],
            "exe" => TestDocuments.WindowsExecutable(),
            "pdf" => TestDocuments.WarrantyPdf(),
            "30mb" => Utf8(string.Concat(Enumerable.Repeat("All work and no play makes a dull day. ", 30 * 1024 * 1024 / 39 + 1)))[..(30 * 1024 * 1024)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var before = await Client.GetAsync<PageResponse<DocumentResponse>>("/api/v1/rag/documents?page_size=1", Admin);

        using var response = await Client.UploadAsync(Admin, [("fine.txt", Utf8(Unique("A fine file."))), (name, content)]);

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadAsync<ProblemDetails>()).Detail.Should().Contain(detail);
        var after = await Client.GetAsync<PageResponse<DocumentResponse>>("/api/v1/rag/documents?page_size=1", Admin);
        after.Total.Should().Be(before.Total, "a refused file refuses the whole upload before anything is stored");
        (await Client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("bomb.docx", "zip bomb")]
    [InlineData("slip.docx", "unsafe entry name ('../../evil.sh')")]
    [InlineData("locked.pdf", "The PDF is encrypted (password-protected)")]
    public async Task Hostile_contents_end_as_failed_documents_with_a_readable_error_and_the_service_stays_healthy(string name, string error)
    {
        var content = name switch
        {
            "bomb.docx" => TestDocuments.ZipBombDocx(64L << 20),
            "slip.docx" => TestDocuments.ZipSlipDocx(),
            _ => TestDocuments.Pdf([[$"Dealer price list {Guid.NewGuid():N}"]], userPassword: "secret"),
        };
        var uploaded = await UploadOneAsync(name, content);

        var document = await Client.WaitForAsync(Admin, uploaded.Id);

        document.Status.Should().Be("failed");
        document.Error.Should().Contain(error);
        document.ChunkCount.Should().Be(0);
        File.Exists(Path.Combine(app.UploadDir, "evil.sh")).Should().BeFalse();
        (await Client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        var next = await UploadOneAsync("after.txt", Utf8(Unique("The queue keeps working after a hostile file.")));
        (await Client.WaitForAsync(Admin, next.Id)).Status.Should().Be("ready");
    }

    [Fact]
    public async Task Delete_removes_the_chunks_the_stored_file_and_the_retrieval_hits()
    {
        var marker = $"zebracorn{Guid.NewGuid():N}"[..20];
        var uploaded = await UploadOneAsync("delete-me.md", Utf8($"# Secret offer\n\nThe {marker} bundle is half price this week."));
        var document = await Client.WaitForAsync(Admin, uploaded.Id);
        document.Status.Should().Be("ready", document.Error);
        string storedPath;
        long versionBefore;
        await using (var scope = app.TenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            storedPath = Path.Combine(app.UploadDir, (await db.Documents.SingleAsync(d => d.Id == document.Id)).StoredName!);
            versionBefore = await db.Tenants.Where(t => t.Id == app.TenantId).Select(t => t.KnowledgeVersion).SingleAsync();
            (await Search(scope, marker)).Should().NotBeEmpty();
        }
        File.Exists(storedPath).Should().BeTrue();

        using var deleted = await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Delete, $"/api/v1/rag/documents/{document.Id}", Admin));

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Get, $"/api/v1/rag/documents/{document.Id}", Admin))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        File.Exists(storedPath).Should().BeFalse();
        await using (var scope = app.TenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            (await db.DocumentChunks.CountAsync(c => c.DocumentId == document.Id)).Should().Be(0);
            (await Search(scope, marker)).Should().BeEmpty();
            (await db.Tenants.Where(t => t.Id == app.TenantId).Select(t => t.KnowledgeVersion).SingleAsync()).Should().BeGreaterThan(versionBefore);
        }
        (await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Delete, $"/api/v1/rag/documents/{document.Id}", Admin))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
    }

    private static Task<IReadOnlyList<FullTextHit>> Search(AsyncServiceScope scope, string words) =>
        scope.ServiceProvider.GetRequiredService<IFullTextSearch>().SearchAsync(scope.ServiceProvider.GetRequiredService<SalesMateDbContext>(),
            new VectorScope(scope.ServiceProvider.GetRequiredService<TenantContext>().TenantId, "demo/sales"), words, 5, null, CancellationToken.None);

    [Fact]
    public async Task Reindex_queues_the_document_again_and_replaces_its_chunks()
    {
        var uploaded = await UploadOneAsync("reindex.txt", Utf8(Unique("Price match: we match any local store's advertised price.")));
        var first = await Client.WaitForAsync(Admin, uploaded.Id);
        var firstChunks = (await ChunksAsync(first.Id)).Chunks;

        using var response = await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Post, $"/api/v1/rag/documents/{first.Id}/reindex", Admin));

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.ReadAsync<DocumentResponse>()).Status.Should().BeOneOf("queued", "processing", "ready");
        var again = await Client.WaitForAsync(Admin, first.Id);
        again.Status.Should().Be("ready");
        again.IndexedAt.Should().BeOnOrAfter(first.IndexedAt!.Value);
        var newChunks = (await ChunksAsync(first.Id)).Chunks;
        newChunks.Select(c => c.Text).Should().Equal(firstChunks.Select(c => c.Text));
        newChunks.Select(c => c.Id).Should().NotIntersectWith(firstChunks.Select(c => c.Id));
        (await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Post, $"/api/v1/rag/documents/{Guid.NewGuid()}/reindex", Admin))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_list_is_paged_and_filters_by_status()
    {
        var failed = await UploadOneAsync("broken.docx", TestDocuments.ZipSlipDocx().Concat(Utf8(Guid.NewGuid().ToString())).ToArray());
        await Client.WaitForAsync(Admin, failed.Id);

        var onlyFailed = await Client.GetAsync<PageResponse<DocumentResponse>>("/api/v1/rag/documents?status=failed&page_size=100", Admin);
        var firstPage = await Client.GetAsync<PageResponse<DocumentResponse>>("/api/v1/rag/documents?page=1&page_size=1", Admin);

        onlyFailed.Items.Should().Contain(d => d.Id == failed.Id).And.OnlyContain(d => d.Status == "failed");
        firstPage.Items.Should().HaveCount(1);
        firstPage.TotalPages.Should().Be(firstPage.Total);
        using var bad = await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Get, "/api/v1/rag/documents?status=done", Admin));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Only_tenant_admins_reach_the_knowledge_base()
    {
        using var anonymous = await Client.UploadAsync(null, "a.txt", Utf8("hello"));
        using var sales = await Client.UploadAsync(app.SalesToken, "a.txt", Utf8("hello"));
        using var salesList = await Client.SendAsync(KnowledgeApi.Request(HttpMethod.Get, "/api/v1/rag/documents", app.SalesToken));

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        sales.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        salesList.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_tenant_cannot_see_delete_or_reindex_the_document()
    {
        var uploaded = await UploadOneAsync("tenant-a.txt", Utf8(Unique("Tenant A's private discount codes.")));
        await Client.WaitForAsync(Admin, uploaded.Id);
        var otherTenant = await KnowledgeTestKit.CreateTenantAsync(app.Factory.Services);

        await using var scope = KnowledgeTestKit.InTenant(app.Factory.Services, otherTenant.Id);
        var documents = scope.Get<SalesMate.Repositories.KnowledgeDocumentRepository>();
        var service = scope.Get<KnowledgeDocumentService>();

        (await documents.FindAsync(uploaded.Id, CancellationToken.None)).Should().BeNull();
        (await documents.ListAsync(null, null, 1, 100, CancellationToken.None)).Total.Should().Be(0);
        (await documents.ChunksAsync(uploaded.Id, CancellationToken.None)).Should().BeEmpty();
        await FluentActions.Awaiting(() => service.DeleteAsync(uploaded.Id, CancellationToken.None)).Should().ThrowAsync<NotFoundException>();
        await FluentActions.Awaiting(() => service.RequeueAsync(uploaded.Id, CancellationToken.None)).Should().ThrowAsync<NotFoundException>();
        (await Client.GetAsync<DocumentResponse>($"/api/v1/rag/documents/{uploaded.Id}", Admin)).Status.Should().Be("ready");
    }
}

[Collection("sqlite")]
public sealed class SqliteKnowledgeApiTests(SqliteKnowledgeAppFixture app) : KnowledgeApiTests(app), IClassFixture<SqliteKnowledgeAppFixture>;

[Collection("postgres")]
public sealed class PostgresKnowledgeApiTests(PostgresKnowledgeAppFixture app) : KnowledgeApiTests(app), IClassFixture<PostgresKnowledgeAppFixture>;
