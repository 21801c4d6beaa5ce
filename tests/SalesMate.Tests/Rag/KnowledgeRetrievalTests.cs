using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>Hybrid retrieval over documents: citations, filters, isolation and deletion, on both databases.</summary>
public abstract class KnowledgeRetrievalTests(AppFixture fixture)
{
    private IServiceProvider Services => fixture.Factory.Services;

    private async Task<IReadOnlyList<RetrievedPassage>> AskAsync(Tenant tenant, string question, RetrievalMode mode = RetrievalMode.Hybrid,
        IReadOnlyList<string>? tags = null, string? ns = null)
    {
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        return await scope.Get<KnowledgeRetriever>().RetrieveAsync(scope.Get<SalesMateDbContext>(),
            new KnowledgeQuery(question, ns ?? KnowledgeNamespaces.For(tenant.Slug)) { Mode = mode, Tags = tags ?? [] }, CancellationToken.None);
    }

    [Fact]
    public async Task The_warranty_question_gets_the_laptop_passage_with_its_citation()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy,
            url: "https://shop.example/warranty");
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);

        var passages = await AskAsync(tenant, "How long is the warranty on laptops?");

        passages.Should().NotBeEmpty();
        var top = passages[0];
        top.DocumentId.Should().Be(warranty.Id);
        top.Title.Should().Be("Warranty policy");
        top.Section.Should().Be("Laptops");
        top.Page.Should().Be(1);
        top.Url.Should().Be("https://shop.example/warranty");
        top.Snippet.Should().Contain("two-year manufacturer warranty");
        top.FullTextRank.Should().Be(1);
        top.VectorRank.Should().Be(1);
        top.Score.Should().BeApproximately(2.0 / 61, 1e-9, "first in both lists with k = 60");
        passages.Select(p => p.Score).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task Each_mode_ranks_by_its_own_signal()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);

        var text = await AskAsync(tenant, "restocking fee for opened cameras", RetrievalMode.FullText);
        text.Should().ContainSingle().Which.Section.Should().Be("Opened items");
        text[0].VectorRank.Should().BeNull();

        var vector = await AskAsync(tenant, "restocking fee for opened cameras", RetrievalMode.Vector);
        vector.Should().HaveCount(2, "every passage has a similarity");
        vector[0].Section.Should().Be("Opened items");
        vector[0].FullTextRank.Should().BeNull();
    }

    [Fact]
    public async Task Tags_restrict_the_passages_to_documents_carrying_them()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy, tags: ["policy", "warranty"]);
        var (returns, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy, tags: ["policy"]);

        (await AskAsync(tenant, "warranty claim", tags: ["Warranty"])).Should().NotBeEmpty().And.OnlyContain(p => p.Title == "Warranty policy");
        (await AskAsync(tenant, "warranty claim returns", tags: ["policy"])).Select(p => p.DocumentId).Should().Contain(returns.Id);
        (await AskAsync(tenant, "warranty claim", tags: ["policy", "shipping"])).Should().BeEmpty();
    }

    [Fact]
    public async Task Documents_that_are_not_ready_are_not_retrieved()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        await using (var scope = KnowledgeTestKit.InTenant(Services, tenant.Id))
        {
            await scope.Get<SalesMateDbContext>().Documents.Where(d => d.Id == warranty.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Processing));
        }

        (await AskAsync(tenant, "warranty on laptops")).Should().BeEmpty();
    }

    [Fact]
    public async Task Another_tenant_or_agent_asking_the_same_gets_nothing_from_the_document()
    {
        var owner = await KnowledgeTestKit.CreateTenantAsync(Services);
        var stranger = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, owner, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        await KnowledgeTestKit.AddDocumentAsync(Services, stranger, "Returns policy", KnowledgeTestKit.ReturnsPolicy);

        (await AskAsync(owner, "How long is the warranty on laptops?")).Should().NotBeEmpty();
        (await AskAsync(stranger, "How long is the warranty on laptops?")).Should().OnlyContain(p => p.Title == "Returns policy");
        (await AskAsync(stranger, "How long is the warranty on laptops?", ns: KnowledgeNamespaces.For(owner.Slug)))
            .Should().BeEmpty("a namespace is only looked up within the caller's tenant");
        (await AskAsync(owner, "How long is the warranty on laptops?", ns: KnowledgeNamespaces.For(owner.Slug, "support"))).Should().BeEmpty();
    }

    [Fact]
    public async Task Deleting_a_document_removes_its_hits()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var (warranty, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty policy", KnowledgeTestKit.WarrantyPolicy);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns policy", KnowledgeTestKit.ReturnsPolicy);
        (await AskAsync(tenant, "warranty on laptops"))[0].DocumentId.Should().Be(warranty.Id);

        await KnowledgeTestKit.RemoveDocumentAsync(Services, warranty);

        (await AskAsync(tenant, "warranty on laptops")).Should().NotBeEmpty().And.OnlyContain(p => p.Title == "Returns policy");
        (await AskAsync(tenant, "warranty on laptops", RetrievalMode.FullText)).Should().BeEmpty();
    }
}

[Collection("sqlite")]
public sealed class SqliteKnowledgeRetrievalTests(SqliteAppFixture fixture) : KnowledgeRetrievalTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresKnowledgeRetrievalTests(PostgresAppFixture fixture) : KnowledgeRetrievalTests(fixture), IClassFixture<PostgresAppFixture>;
