using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Services.Rag.FullText;
using SalesMate.Tests.Infrastructure;
using SalesMate.Vector;

namespace SalesMate.Tests.Rag;

/// <summary>The indexer's round trip: vectors on the chunk rows, the knowledge version, the vector store and full text, and removal.</summary>
public abstract class KnowledgeIndexerTests(AppFixture fixture)
{
    private IServiceProvider Services => fixture.Factory.Services;

    [Fact]
    public async Task Indexing_stores_vectors_on_the_chunks_bumps_the_version_and_makes_them_searchable()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (document, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);

        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var embeddings = scope.Get<EmbeddingService>();
        var stored = await db.DocumentChunks.Where(c => c.DocumentId == document.Id).OrderBy(c => c.Ordinal).ToListAsync();
        stored.Should().HaveCount(3).And.OnlyContain(c => c.Embedding != null && c.Embedding.Length == 384 * 4 && c.EmbeddingModel == embeddings.ModelKey);
        (await db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.KnowledgeVersion).SingleAsync()).Should().Be(1);

        var scopeKey = new VectorScope(tenant.Id, document.Namespace);
        var query = await embeddings.EmbedAsync(db, "how long is the warranty on laptops", CancellationToken.None);
        var vectorHits = await scope.Get<IVectorStore>().SearchAsync(db, scopeKey, query, 3, null, CancellationToken.None);
        vectorHits.Should().HaveCount(3);
        vectorHits[0].ChunkId.Should().Be(stored[0].Id, "the laptop passage shares the most words with the question");

        var textHits = await scope.Get<IFullTextSearch>().SearchAsync(db, scopeKey, "warranty claim receipt", 3, null, CancellationToken.None);
        textHits.Should().NotBeEmpty();
        textHits[0].ChunkId.Should().Be(stored[2].Id);
        textHits[0].DocumentId.Should().Be(document.Id);
    }

    [Fact]
    public async Task Chunks_that_already_have_a_vector_of_the_model_are_not_embedded_again()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (document, chunks) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns", KnowledgeTestKit.ReturnsPolicy);
        var marker = new byte[384 * 4];
        marker[0] = 1;
        await using (var scope = KnowledgeTestKit.InTenant(Services, tenant.Id))
        {
            var db = scope.Get<SalesMateDbContext>();
            var loaded = await db.DocumentChunks.Where(c => c.DocumentId == document.Id).OrderBy(c => c.Ordinal).ToListAsync();
            loaded[0].Embedding = marker;
            await db.SaveChangesAsync();
            await scope.Get<IKnowledgeIndexer>().IndexAsync(document, loaded, null, CancellationToken.None);
        }
        await using (var scope = KnowledgeTestKit.InTenant(Services, tenant.Id))
        {
            var db = scope.Get<SalesMateDbContext>();
            var first = await db.DocumentChunks.SingleAsync(c => c.Id == chunks[0].Id);
            first.Embedding.Should().Equal(marker, "a chunk with a vector of the current model keeps it");
            (await db.Tenants.Where(t => t.Id == tenant.Id).Select(t => t.KnowledgeVersion).SingleAsync()).Should().Be(2);
        }
    }

    [Fact]
    public async Task Removing_a_document_deletes_its_chunks_full_text_rows_and_vectors()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        var (returns, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var key = new VectorScope(tenant.Id, warranty.Namespace);
        var query = await scope.Get<EmbeddingService>().EmbedAsync(db, "warranty on laptops", CancellationToken.None);
        (await scope.Get<IVectorStore>().SearchAsync(db, key, query, 10, null, CancellationToken.None)).Should().HaveCount(5);

        await KnowledgeTestKit.RemoveDocumentAsync(Services, warranty);

        (await db.DocumentChunks.CountAsync(c => c.DocumentId == warranty.Id)).Should().Be(0);
        var vectorHits = await scope.Get<IVectorStore>().SearchAsync(db, key, query, 10, null, CancellationToken.None);
        vectorHits.Should().HaveCount(2).And.OnlyContain(h => h.DocumentId == returns.Id);
        (await scope.Get<IFullTextSearch>().SearchAsync(db, key, "warranty laptops", 10, null, CancellationToken.None)).Should().BeEmpty();
        (await scope.Get<IFullTextSearch>().SearchAsync(db, key, "restocking fee", 10, null, CancellationToken.None))
            .Should().ContainSingle().Which.DocumentId.Should().Be(returns.Id);
    }

    [Fact]
    public async Task Another_instance_sees_a_new_document_on_its_next_search()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var embeddings = scope.Get<EmbeddingService>();
        IVectorStore otherInstance = new MemoryVectorStore(embeddings, NullLogger<MemoryVectorStore>.Instance);
        var key = new VectorScope(tenant.Id, KnowledgeNamespaces.For(tenant.Slug));
        var query = await embeddings.EmbedAsync(db, "laptop warranty", CancellationToken.None);
        (await otherInstance.SearchAsync(db, key, query, 10, null, CancellationToken.None)).Should().HaveCount(2);

        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);

        var hits = await otherInstance.SearchAsync(db, key, query, 10, null, CancellationToken.None);
        hits.Should().HaveCount(5);
        hits[0].DocumentId.Should().Be(warranty.Id);
    }

    [Fact]
    public async Task Full_text_and_vectors_of_one_namespace_never_return_another_namespace_or_tenant()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var other = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, other, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        var support = KnowledgeNamespaces.For(tenant.Slug, "support");
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy, ns: support);
        var (returns, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);

        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var key = new VectorScope(tenant.Id, KnowledgeNamespaces.For(tenant.Slug));
        var query = await scope.Get<EmbeddingService>().EmbedAsync(db, "warranty laptops", CancellationToken.None);
        (await scope.Get<IVectorStore>().SearchAsync(db, key, query, 50, null, CancellationToken.None))
            .Should().HaveCount(2).And.OnlyContain(h => h.DocumentId == returns.Id);
        (await scope.Get<IFullTextSearch>().SearchAsync(db, key, "warranty laptops phones claim", 50, null, CancellationToken.None))
            .Should().BeEmpty();
        var otherTenantKey = new VectorScope(other.Id, KnowledgeNamespaces.For(other.Slug));
        var crossTenant = () => scope.Get<IVectorStore>().SearchAsync(db, otherTenantKey, query, 50, null, CancellationToken.None);
        await crossTenant.Should().ThrowAsync<InvalidOperationException>("a search runs in its own tenant only");
        (await scope.Get<IFullTextSearch>().SearchAsync(db, otherTenantKey, "warranty", 50, null, CancellationToken.None)).Should().BeEmpty();
    }
}

[Collection("sqlite")]
public sealed class SqliteKnowledgeIndexerTests(SqliteAppFixture fixture) : KnowledgeIndexerTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresKnowledgeIndexerTests(PostgresAppFixture fixture) : KnowledgeIndexerTests(fixture), IClassFixture<PostgresAppFixture>;
