using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>
/// Full text skips a question's words found in more than a fifth of a large namespace's passages when rarer ones remain,
/// on both databases. The namespace is 450 real passages; the document claims 2,000 (documents.chunk_count, which is
/// what the rule reads), so the cut is 401 passages and the word in all 450 is over it.
/// </summary>
public abstract class FrequentTermsTests(AppFixture fixture)
{
    private IServiceProvider Services => fixture.Factory.Services;

    private async Task<Tenant> LargeNamespaceAsync()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var sections = Enumerable.Range(0, 450)
            .Select(i => new TestSection($"Part {i}", i == 7 ? "Every order ships with tracking; the zeppelin model ships by freight." : $"Every order ships with tracking, item {i}."))
            .ToArray();
        var (document, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Shipping guide", sections);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        await scope.Get<SalesMateDbContext>().Documents.Where(d => d.Id == document.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ChunkCount, 2_000));
        return tenant;
    }

    private async Task<IReadOnlyList<RetrievedPassage>> AskAsync(Tenant tenant, string question)
    {
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        return await scope.Get<KnowledgeRetriever>().RetrieveAsync(scope.Get<SalesMateDbContext>(),
            new KnowledgeQuery(question, KnowledgeNamespaces.For(tenant.Slug)) { Mode = RetrievalMode.FullText, TopK = 20 }, CancellationToken.None);
    }

    [Fact]
    public async Task A_word_in_most_passages_is_skipped_when_a_rarer_one_is_asked()
    {
        var tenant = await LargeNamespaceAsync();

        var passages = await AskAsync(tenant, "tracking for the zeppelin");

        passages.Should().ContainSingle("only the rare word is searched").Which.Section.Should().Be("Part 7");
    }

    [Fact]
    public async Task Only_frequent_words_are_all_kept()
    {
        var tenant = await LargeNamespaceAsync();

        var passages = await AskAsync(tenant, "order tracking");

        passages.Should().HaveCount(20);
    }

    [Fact]
    public async Task Small_namespaces_keep_every_word()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Shipping guide",
            [new("A", "Every order ships with tracking."), new("B", "The zeppelin ships by freight with tracking.")]);

        var passages = await AskAsync(tenant, "tracking for the zeppelin");

        passages.Select(p => p.Section).Should().Equal("B", "A");
    }
}

[Collection("sqlite")]
public sealed class SqliteFrequentTermsTests(SqliteAppFixture fixture) : FrequentTermsTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresFrequentTermsTests(PostgresAppFixture fixture) : FrequentTermsTests(fixture), IClassFixture<PostgresAppFixture>;
