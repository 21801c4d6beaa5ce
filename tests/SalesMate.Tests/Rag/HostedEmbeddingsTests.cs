using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Database;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>The app configured for an OpenAI-compatible embeddings endpoint (the fake), batch size 2, with a price.</summary>
public abstract class HostedEmbeddingsFixture(DatabaseKind kind) : IAsyncLifetime
{
    public const string ApiKey = "sk-test-embeddings-0123456789";

    public FakeEmbeddingsServer Server { get; private set; } = null!;
    public SalesMateFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeEmbeddingsServer.StartAsync();
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), new Dictionary<string, string>
        {
            ["embeddings:provider"] = "openai-compatible",
            ["embeddings:base_url"] = Server.BaseUrl.ToString(),
            ["embeddings:model"] = "fake-embed",
            ["embeddings:api_key"] = ApiKey,
            ["embeddings:batch_size"] = "2",
            ["llm:prices:fake-embed:prompt_per_million"] = "0.02",
        });
        Factory.CreateKestrelClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        await Server.DisposeAsync();
    }
}

public sealed class SqliteHostedEmbeddingsFixture() : HostedEmbeddingsFixture(DatabaseKind.Sqlite);

public sealed class PostgresHostedEmbeddingsFixture() : HostedEmbeddingsFixture(DatabaseKind.Postgres);

/// <summary>Embeddings through the OpenAI wire format: batching, the cache, accounting in llm_requests, retries and errors.</summary>
public abstract class HostedEmbeddingsTests(HostedEmbeddingsFixture fixture)
{
    private IServiceProvider Services => fixture.Factory.Services;
    private FakeEmbeddingsServer Server => fixture.Server;

    [Fact]
    public async Task Indexing_sends_batches_in_the_openai_format_and_stores_the_vectors_it_returns()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        Server.Reset();
        var sections = KnowledgeTestKit.WarrantyPolicy.Concat(KnowledgeTestKit.ReturnsPolicy).ToArray();

        var (document, _) = await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Policies", sections);

        Server.Inputs.Select(i => i.Count).Should().Equal(2, 2, 1);
        Server.Inputs.SelectMany(i => i).Should().BeEquivalentTo(sections.Select(s => s.Text));
        var first = Server.Requests[0];
        first.Path.Should().Be("/v1/embeddings");
        first.Model.Should().Be("fake-embed");
        first.Authorization.Should().Be($"Bearer {HostedEmbeddingsFixture.ApiKey}");
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var chunks = await db.DocumentChunks.Where(c => c.DocumentId == document.Id).OrderBy(c => c.Ordinal).ToListAsync();
        chunks.Should().OnlyContain(c => c.EmbeddingModel == "fake-embed");
        for (var i = 0; i < chunks.Count; i++)
        {
            var stored = SalesMate.Vector.VectorBytes.ToFloats(chunks[i].Embedding!);
            stored.Should().Equal(Server.VectorOf(sections[i].Text), (a, b) => Math.Abs(a - b) < 1e-5f,
                "the vector in the answer's index order belongs to the input at that index");
        }
    }

    [Fact]
    public async Task Each_call_is_accounted_in_llm_requests_with_purpose_embed_tokens_and_cost_but_no_text()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty", KnowledgeTestKit.WarrantyPolicy);

        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var rows = await scope.Get<SalesMateDbContext>().LlmRequests.OrderBy(r => r.CreatedAt).ToListAsync();
        rows.Should().HaveCount(2, "three passages in batches of two");
        rows.Should().OnlyContain(r => r.Purpose == "embed" && r.Provider == "openai-compatible" && r.Model == "fake-embed" && r.Status == "ok");
        var expectedTokens = KnowledgeTestKit.WarrantyPolicy.Take(2).Sum(s => s.Text.Split(' ').Length);
        rows.Should().ContainSingle(r => r.PromptTokens == expectedTokens && r.CompletionTokens == 0 && !r.TokensEstimated);
        rows.Should().OnlyContain(r => r.ComputedCost == r.PromptTokens * 0.02m / 1_000_000m && r.UnitCostPrompt == 0.02m);
        rows.Should().OnlyContain(r => !r.RequestBody!.Contains("warranty", StringComparison.OrdinalIgnoreCase)
                                       && !r.RequestBody.Contains(HostedEmbeddingsFixture.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_text_is_embedded_once_per_tenant_and_model()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        var other = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns", KnowledgeTestKit.ReturnsPolicy);
        Server.Reset();

        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Returns (copy)", KnowledgeTestKit.ReturnsPolicy);
        Server.Requests.Should().BeEmpty("both passages are in the tenant's embedding cache");

        await using (var scope = KnowledgeTestKit.InTenant(Services, tenant.Id))
        {
            var embeddings = scope.Get<EmbeddingService>();
            var db = scope.Get<SalesMateDbContext>();
            var once = await embeddings.EmbedAsync(db, "can I return an opened camera?", CancellationToken.None);
            var twice = await embeddings.EmbedAsync(db, "can I return an opened camera?", CancellationToken.None);
            twice.Should().Equal(once);
            Server.Requests.Should().HaveCount(1);
        }

        await KnowledgeTestKit.AddDocumentAsync(Services, other, "Returns", KnowledgeTestKit.ReturnsPolicy);
        Server.Requests.Should().HaveCount(2, "the cache is never shared across tenants");
    }

    [Fact]
    public async Task Embedding_cache_hits_and_misses_are_counted_for_the_usage_hit_rate()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var embeddings = scope.Get<EmbeddingService>();
        var db = scope.Get<SalesMateDbContext>();
        var from = DateTime.UtcNow.AddMinutes(-1);

        await embeddings.EmbedAsync(db, "is shipping free over 50 dollars?", CancellationToken.None);
        await embeddings.EmbedAsync(db, ["is shipping free over 50 dollars?", "do you ship abroad?"], null, CancellationToken.None);

        var usage = await scope.Get<SalesMate.Repositories.CacheUsageRepository>().TotalsAsync(from, DateTime.UtcNow.AddMinutes(1), CancellationToken.None);
        usage.EmbeddingCache.Should().Be(new SalesMate.Repositories.CacheTotals(3, 1, 2, 0.3333));
        usage.AnswerCache.HitRate.Should().BeNull();
    }

    [Fact]
    public async Task Rate_limited_and_failed_calls_are_retried_then_a_refusal_is_reported_not_retried()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var embeddings = scope.Get<EmbeddingService>();
        var db = scope.Get<SalesMateDbContext>();
        Server.Reset();
        Server.Fail(new FakeEmbeddingsFailure(429, new Dictionary<string, string> { ["retry-after-ms"] = "5" }),
            new FakeEmbeddingsFailure(503, new Dictionary<string, string> { ["retry-after-ms"] = "5" }));

        var vector = await embeddings.EmbedAsync(db, "financing for a new laptop", CancellationToken.None);

        vector.Should().HaveCount(FakeEmbeddingsServer.DefaultDimensions);
        Server.Requests.Should().HaveCount(3);
        var row = await db.LlmRequests.OrderByDescending(r => r.CreatedAt).FirstAsync();
        row.Status.Should().Be("ok");
        System.Text.Json.Nodes.JsonNode.Parse(row.ResponseBody!)!["attempts"]!.GetValue<int>().Should().Be(3);

        Server.Reset();
        Server.Fail(new FakeEmbeddingsFailure(401));
        var refused = () => embeddings.EmbedAsync(db, "student discount", CancellationToken.None);
        var failure = (await refused.Should().ThrowAsync<LlmUnavailableException>()).Which;
        failure.Failure.Kind.Should().Be(LlmFailureKind.Unauthorized);
        failure.Message.Should().NotContain(HostedEmbeddingsFixture.ApiKey);
        Server.Requests.Should().HaveCount(1, "a refused key is not retried");
        var error = await db.LlmRequests.OrderByDescending(r => r.CreatedAt).FirstAsync();
        error.Status.Should().Be("error");
        error.Purpose.Should().Be("embed");
    }

    [Fact]
    public async Task Retrieval_answers_from_full_text_when_the_embeddings_provider_is_down()
    {
        var tenant = await KnowledgeTestKit.CreateTenantAsync(Services);
        await KnowledgeTestKit.AddDocumentAsync(Services, tenant, "Warranty", KnowledgeTestKit.WarrantyPolicy);
        var retry = new Dictionary<string, string> { ["retry-after-ms"] = "1" };
        Server.Fail(new FakeEmbeddingsFailure(503, retry), new FakeEmbeddingsFailure(503, retry), new FakeEmbeddingsFailure(503, retry));

        await using var scope = KnowledgeTestKit.InTenant(Services, tenant.Id);
        var passages = await scope.Get<SalesMate.Services.Rag.KnowledgeRetriever>().RetrieveAsync(scope.Get<SalesMateDbContext>(),
            new SalesMate.Services.Rag.KnowledgeQuery("how do I make a warranty claim", SalesMate.Services.Rag.KnowledgeNamespaces.For(tenant.Slug)),
            CancellationToken.None);

        passages.Should().NotBeEmpty();
        passages[0].Section.Should().Be("Claims");
        passages.Should().OnlyContain(p => p.VectorRank == null);
    }

    [Fact]
    public async Task The_generator_is_the_decorated_openai_one_chosen_at_registration()
    {
        var generator = Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        generator.Should().BeOfType<AccountingEmbeddingGenerator>();
        generator.GetService<OpenAIEmbeddingGenerator>().Should().NotBeNull();
        generator.GetService<EmbeddingGeneratorMetadata>()!.ProviderUri.Should().Be(Server.BaseUrl);
        Services.GetRequiredService<EmbeddingService>().ModelKey.Should().Be("fake-embed");
        await Task.CompletedTask;
    }
}

[Collection("sqlite")]
public sealed class SqliteHostedEmbeddingsTests(SqliteHostedEmbeddingsFixture fixture) : HostedEmbeddingsTests(fixture), IClassFixture<SqliteHostedEmbeddingsFixture>;

[Collection("postgres")]
public sealed class PostgresHostedEmbeddingsTests(PostgresHostedEmbeddingsFixture fixture) : HostedEmbeddingsTests(fixture), IClassFixture<PostgresHostedEmbeddingsFixture>;
