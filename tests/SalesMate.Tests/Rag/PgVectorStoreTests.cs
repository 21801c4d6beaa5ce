using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Tests.Infrastructure;
using SalesMate.Vector;

namespace SalesMate.Tests.Rag;

/// <summary>The app with vector.store: pgvector, its vectors in a real pgvector (PGlite), the application data in SQLite or PostgreSQL.</summary>
public abstract class PgVectorFixture(DatabaseKind kind) : IAsyncLifetime
{
    public PgliteServer Pglite { get; private set; } = null!;
    public SalesMateFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Pglite = await PgliteServer.StartAsync();
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), new Dictionary<string, string>
        {
            ["vector:store"] = "pgvector",
            ["vector:pgvector:connection_string"] = Pglite.ConnectionString,
            ["vector:pgvector:max_pool_size"] = "1",
            ["vector:pgvector:batch_size"] = "2", // PGlite's socket server breaks on large protocol messages
            ["vector:pgvector:search_path"] = "public", // PGlite's socket server starts sessions with search_path pg_catalog
        });
        Factory.CreateKestrelClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        await Pglite.DisposeAsync();
    }
}

public sealed class SqlitePgVectorFixture() : PgVectorFixture(DatabaseKind.Sqlite);

public sealed class PostgresPgVectorFixture() : PgVectorFixture(DatabaseKind.Postgres);

public abstract class PgVectorStoreTests(PgVectorFixture fixture)
{
    private IServiceProvider Services => fixture.Factory.Services;

    private async Task<IReadOnlyList<RetrievedPassage>> AskAsync(Tenant tenant, string question, RetrievalMode mode = RetrievalMode.Hybrid)
    {
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        return await scope.Get<KnowledgeRetriever>().RetrieveAsync(scope.Get<SalesMateDbContext>(),
            new KnowledgeQuery(question, KnowledgeNamespaces.For(tenant.Slug)) { Mode = mode }, CancellationToken.None);
    }

    [Fact]
    public async Task Vectors_are_searched_in_pgvector_within_the_tenant_and_namespace()
    {
        Services.GetRequiredService<IVectorStore>().Should().BeOfType<PgVectorStore>();
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var other = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        await KnowledgeTestKit.AddDocumentAsync(Services, other, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy,
            ns: KnowledgeNamespaces.For(tenant.Slug, "support"));

        var vector = await AskAsync(tenant, "how long is the warranty on laptops", RetrievalMode.Vector);

        vector.Should().HaveCount(3).And.OnlyContain(p => p.DocumentId == warranty.Id);
        vector[0].Section.Should().Be("Laptops");
        var hybrid = await AskAsync(tenant, "how long is the warranty on laptops");
        hybrid[0].Section.Should().Be("Laptops");
        hybrid[0].VectorRank.Should().Be(1);
    }

    [Fact]
    public async Task Removing_a_document_deletes_its_rows_from_pgvector()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        var (returns, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);

        await KnowledgeTestKit.RemoveDocumentAsync(Services, warranty);

        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var query = await scope.Get<EmbeddingService>().EmbedAsync(db, "warranty on laptops", CancellationToken.None);
        var hits = await scope.Get<IVectorStore>().SearchAsync(db, new VectorScope(tenant.Id, warranty.Namespace), query, 10, null,
            CancellationToken.None);
        hits.Should().HaveCount(2).And.OnlyContain(h => h.DocumentId == returns.Id);
    }

    [Fact]
    public async Task Passages_embedded_before_the_store_was_switched_on_are_copied_on_first_search()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await using (var scope = KnowledgeTestKit.InTenant(Services, tenant.Id))
        {
            var db = scope.Get<SalesMateDbContext>();
            var local = new LocalHashingEmbeddingGenerator();
            var now = DateTime.UtcNow;
            var document = new KnowledgeDocument
            {
                Id = Guid.CreateVersion7(), Namespace = KnowledgeNamespaces.For(tenant.Slug), Title = "Financing FAQ", FileName = "financing.md",
                Format = "md", ContentHash = "h", Status = DocumentStatus.Ready, CreatedAt = now, UpdatedAt = now,
            };
            db.Documents.Add(document);
            db.DocumentChunks.Add(new DocumentChunk
            {
                Id = Guid.CreateVersion7(), DocumentId = document.Id, Namespace = document.Namespace, Text = "Pay in 12 monthly instalments at 0% APR.",
                Section = "Instalments", Embedding = VectorBytes.ToBytes(local.Embed("Pay in 12 monthly instalments at 0% APR.")),
                EmbeddingModel = local.ModelId, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var passages = await AskAsync(tenant, "monthly instalments", RetrievalMode.Vector);

        passages.Should().ContainSingle().Which.Section.Should().Be("Instalments");
    }
}

[Collection("sqlite")]
public sealed class SqlitePgVectorStoreTests(SqlitePgVectorFixture fixture) : PgVectorStoreTests(fixture), IClassFixture<SqlitePgVectorFixture>;

[Collection("postgres")]
public sealed class PostgresPgVectorStoreTests(PostgresPgVectorFixture fixture) : PgVectorStoreTests(fixture), IClassFixture<PostgresPgVectorFixture>;
