using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Tests.Identity;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Contributions;

/// <summary>
/// The real app on Kestrel in multi-tenant mode (the demo tenant and a second store), with its own upload folder and
/// outbox, accounts of each role in the demo tenant and an admin of the other store.
/// </summary>
public abstract class ContributionAppFixture(DatabaseKind kind) : IAsyncLifetime
{
    public const string Demo = "demo";
    public const string Other = "otherstore";

    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string UploadDir { get; } = Path.Combine(Path.GetTempPath(), "salesmate-tests", "contrib-" + Guid.NewGuid().ToString("N"));
    public Outbox Outbox { get; } = new(Path.Combine(Path.GetTempPath(), "salesmate-tests", "contrib-outbox-" + Guid.NewGuid().ToString("N")));
    public Guid DemoId { get; private set; }
    public Guid OtherId { get; private set; }
    public TestAccount Admin { get; private set; } = null!;
    public TestAccount Sales { get; private set; } = null!;
    public TestAccount Shopper { get; private set; } = null!;
    public TestAccount OtherAdmin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), new Dictionary<string, string>
        {
            ["app:mode"] = "multi-tenant",
            ["rag:upload_dir"] = UploadDir,
            ["email:outbox_dir"] = Outbox.Directory,
            ["otp:max_sends_per_ip_per_hour"] = "100000",
        });
        Client = Factory.CreateKestrelClient();
        DemoId = await Factory.TenantIdAsync(Demo);
        OtherId = await Factory.CreateTenantAsync(Other);
        Admin = await Factory.CreateAccountAsync(DemoId, $"admin.{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        Sales = await Factory.CreateAccountAsync(DemoId, $"sales.{Guid.NewGuid():N}@example.com", Roles.Sales);
        Shopper = await Factory.CreateAccountAsync(DemoId, $"Shopper.{Guid.NewGuid():N}@Example.com", Roles.User);
        OtherAdmin = await Factory.CreateAccountAsync(OtherId, $"admin.{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        foreach (var folder in new[] { UploadDir, Outbox.Directory }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A request to a store's API (<c>/t/{slug}/api/v1/...</c>) as a signed-in account and/or a chat session.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? bearer = null, string? session = null,
        string tenant = Demo)
    {
        var request = new HttpRequestMessage(method, $"/t/{tenant}{path}");
        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: SalesMateFactory.Json);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (session is not null)
        {
            request.Headers.Add("X-Session-Token", session);
        }
        return Client.SendAsync(request);
    }

    /// <summary>A new anonymous visitor of the store: its chat session token.</summary>
    public async Task<string> VisitorAsync(string tenant = Demo)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/start", new { }, tenant: tenant);
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<StartChatResponse>()).SessionToken!;
    }

    /// <summary>Polls the document until the ingestion queue has finished with it (bounded: about 60 s).</summary>
    public async Task<DocumentResponse> WaitForDocumentAsync(Guid id)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var response = await SendAsync(HttpMethod.Get, $"/api/v1/rag/documents/{id}", bearer: Admin.Token);
            response.EnsureSuccessStatusCode();
            var document = await response.ReadAsync<DocumentResponse>();
            if (document.Status is "ready" or "failed")
            {
                return document;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Document {id} did not finish ingesting.");
    }

    /// <summary>What hybrid retrieval finds for a question in a store's sales knowledge base.</summary>
    public async Task<IReadOnlyList<RetrievedPassage>> AskAsync(string question, string tenant = Demo)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant == Demo ? DemoId : OtherId);
        return await scope.ServiceProvider.GetRequiredService<KnowledgeRetriever>().RetrieveAsync(
            scope.ServiceProvider.GetRequiredService<SalesMateDbContext>(), new KnowledgeQuery(question, KnowledgeNamespaces.For(tenant)),
            CancellationToken.None);
    }

    public Task<T> DbAsync<T>(Func<SalesMateDbContext, Task<T>> work, string tenant = Demo) =>
        Factory.InTenantAsync(tenant == Demo ? DemoId : OtherId, (_, db) => work(db));
}

public sealed class SqliteContributionAppFixture() : ContributionAppFixture(DatabaseKind.Sqlite);

public sealed class PostgresContributionAppFixture() : ContributionAppFixture(DatabaseKind.Postgres);
