using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.FullText;
using SalesMate.Tests.Infrastructure;
using SalesMate.Vector;

namespace SalesMate.Tests.Rag;

/// <summary>
/// Full text from the in-process index on the real databases: what it finds, that it follows document changes through
/// the knowledge version, stays in its namespace and tenant, and leaves small namespaces to the database.
/// </summary>
public abstract class MemoryFullTextSearchTests(AppFixture fixture)
{
    private IServiceProvider Services => fixture.Factory.Services;

    [Fact]
    public async Task Large_namespaces_are_searched_in_process_and_follow_document_changes()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, chunks) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        var (returns, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);
        var database = new RecordingFullText();
        var search = InProcessFrom(0, database);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var key = new VectorScope(tenant.Id, warranty.Namespace);

        var hits = await search.SearchAsync(db, key, "How do I make a warranty claim? I have the receipt", 10, null, CancellationToken.None);

        hits.Select(h => h.ChunkId).Should().StartWith([chunks[2].Id], "the claims passage holds claim, receipt and warranty");
        hits.Should().OnlyContain(h => h.DocumentId == warranty.Id && h.Score > 0).And.BeInDescendingOrder(h => h.Score);
        (await search.SearchAsync(db, key, "restocking fees on drones", 10, new HashSet<Guid> { warranty.Id }, CancellationToken.None))
            .Should().BeEmpty("the filter allows only the warranty document");
        database.Calls.Should().Be(0, "a namespace at or above the threshold is never sent to the database");

        await KnowledgeTestKit.RemoveDocumentAsync(Services, returns);
        (await search.SearchAsync(db, key, "restocking fee", 10, null, CancellationToken.None))
            .Should().BeEmpty("removing a document bumps the knowledge version and the index is rebuilt");
        var (shipping, shippingChunks) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Shipping",
            [new TestSection("Delivery", "Orders over $50 ship free; express delivery arrives the next working day.")]);
        (await search.SearchAsync(db, key, "express delivery", 10, null, CancellationToken.None))
            .Should().ContainSingle().Which.ChunkId.Should().Be(shippingChunks[0].Id);
    }

    [Fact]
    public async Task The_index_never_returns_another_namespace_or_tenant()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var other = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, other, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy,
            ns: KnowledgeNamespaces.For(tenant.Slug, "support"));
        var (returns, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);
        var search = InProcessFrom(0, new RecordingFullText());
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();

        (await search.SearchAsync(db, new VectorScope(tenant.Id, returns.Namespace), "warranty laptops phones claim refund", 50, null, CancellationToken.None))
            .Should().ContainSingle().Which.DocumentId.Should().Be(returns.Id, "only the returns passage of this namespace says refund");
        (await search.SearchAsync(db, new VectorScope(other.Id, KnowledgeNamespaces.For(other.Slug)), "warranty", 50, null, CancellationToken.None))
            .Should().BeEmpty("a search runs in its own tenant only");
    }

    [Fact]
    public async Task Namespaces_below_the_threshold_are_searched_by_the_database()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        var database = new RecordingFullText();
        var search = InProcessFrom(4, database);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var key = new VectorScope(tenant.Id, warranty.Namespace);

        (await search.SearchAsync(db, key, "warranty", 10, null, CancellationToken.None)).Should().BeEmpty("the recording database finds nothing");
        database.Calls.Should().Be(1, "3 passages are below retrieval.memory_full_text_min_passages = 4");

        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);
        (await search.SearchAsync(db, key, "warranty", 10, null, CancellationToken.None)).Should().HaveCount(3);
        database.Calls.Should().Be(1, "5 passages reach the threshold");
    }

    private static MemoryFullTextSearch InProcessFrom(int minPassages, IFullTextSearch database) =>
        new(database, Options.Create(new RetrievalOptions { MemoryFullTextMinPassages = minPassages }), NullLogger<MemoryFullTextSearch>.Instance);

    private sealed class RecordingFullText : IFullTextSearch
    {
        public int Calls { get; private set; }

        public Task<IReadOnlyList<FullTextHit>> SearchAsync(SalesMateDbContext db, VectorScope scope, string query, int limit,
            IReadOnlySet<Guid>? documents, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<IReadOnlyList<FullTextHit>>([]);
        }
    }
}

[Collection("sqlite")]
public sealed class SqliteMemoryFullTextSearchTests(SqliteAppFixture fixture) : MemoryFullTextSearchTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresMemoryFullTextSearchTests(PostgresAppFixture fixture) : MemoryFullTextSearchTests(fixture), IClassFixture<PostgresAppFixture>;
