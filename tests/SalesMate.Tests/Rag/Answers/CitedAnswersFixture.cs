using System.Net;
using System.Text.Json;
using SalesMate.Core.Entities;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Rag.Ingestion;

namespace SalesMate.Tests.Rag.Answers;

/// <summary>
/// Two instances of the app over one database in multi-tenant mode: <see cref="Local"/> answers with the keyless
/// responder, <see cref="Llm"/> with a hosted model (the fake OpenAI server; its answer cache is off so every question
/// reaches the model). Tenant "acme" has a sales contact and the warranty policy PDF (laptops on page 2); "other" has
/// neither, and no documents.
/// </summary>
public abstract class CitedAnswersFixture(DatabaseKind kind) : IAsyncLifetime
{
    public const string SalesContact = "sales@acme.test";

    private readonly string _uploadDir = Path.Combine(Path.GetTempPath(), "salesmate-tests", "uploads-" + Guid.NewGuid().ToString("N"));
    private TestDatabase _database = null!;

    public FakeOpenAiServer Model { get; private set; } = null!;
    public SalesMateFactory LocalFactory { get; private set; } = null!;
    public HttpClient Local { get; private set; } = null!;
    public HttpClient Llm { get; private set; } = null!;
    private SalesMateFactory _llmFactory = null!;

    public TestAccount AcmeAdmin { get; private set; } = null!;
    public TestAccount OtherAdmin { get; private set; } = null!;
    public Guid WarrantyId { get; private set; }

    public async Task InitializeAsync()
    {
        Model = await FakeOpenAiServer.StartAsync("gpt-fake");
        _database = await TestDatabase.CreateAsync(kind);
        var shared = new Dictionary<string, string>
        {
            ["app:mode"] = "multi-tenant",
            ["app:tenant_from"] = "path",
            ["rag:upload_dir"] = _uploadDir,
        };
        LocalFactory = new SalesMateFactory(_database, shared);
        Local = LocalFactory.CreateKestrelClient();
        _llmFactory = new SalesMateFactory(_database, new Dictionary<string, string>(shared)
        {
            ["llm:provider"] = "openai-compatible",
            ["llm:base_url"] = Model.BaseUrl.ToString(),
            ["llm:api_key"] = "sk-test-key",
            ["llm:model"] = "gpt-fake",
            ["llm:first_token_timeout_seconds"] = "5",
            ["llm:max_retries"] = "0",
            ["rag:answer_cache:enabled"] = "false",
        });
        Llm = _llmFactory.CreateKestrelClient();

        var acme = await LocalFactory.CreateTenantAsync("acme");
        await LocalFactory.InTenantAsync(acme, async (_, db) =>
        {
            var tenant = await db.Tenants.FindAsync(acme);
            tenant!.Settings = tenant.Settings with { SalesRecipientEmail = SalesContact };
            return await db.SaveChangesAsync();
        });
        AcmeAdmin = await LocalFactory.CreateAccountAsync(acme, "admin@acme.test", Roles.TenantAdmin);
        OtherAdmin = await LocalFactory.CreateAccountAsync(await LocalFactory.CreateTenantAsync("other"), "admin@other.test", Roles.TenantAdmin);
        WarrantyId = await UploadAsync("acme", AcmeAdmin, "warranty-policy.pdf", TestDocuments.WarrantyPdf());
    }

    /// <summary>Uploads a file as the tenant's admin and waits until the ingestion queue has made it ready.</summary>
    public async Task<Guid> UploadAsync(string tenant, TestAccount admin, string name, byte[] content)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "files", name } };
        var upload = TestAccounts.Request(HttpMethod.Post, $"/t/{tenant}/api/v1/rag/upload", admin.Token);
        upload.Content = form;
        using var response = await Local.SendAsync(upload);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.ReadAsync<JsonElement>()).GetProperty("documents")[0].GetProperty("id").GetGuid();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var get = await Local.SendAsync(TestAccounts.Request(HttpMethod.Get, $"/t/{tenant}/api/v1/rag/documents/{id}", admin.Token));
            var status = (await get.ReadAsync<JsonElement>()).GetProperty("status").GetString();
            if (status is "ready" or "failed")
            {
                status.Should().Be("ready");
                return id;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Document {name} did not finish ingesting.");
    }

    public async Task DeleteAsync(string tenant, TestAccount admin, Guid id)
    {
        using var response = await Local.SendAsync(TestAccounts.Request(HttpMethod.Delete, $"/t/{tenant}/api/v1/rag/documents/{id}", admin.Token));
        response.IsSuccessStatusCode.Should().BeTrue();
    }

    public async Task DisposeAsync()
    {
        Local.Dispose();
        Llm.Dispose();
        await _llmFactory.DisposeAsync();
        await LocalFactory.DisposeAsync();
        await _database.DisposeAsync();
        await Model.DisposeAsync();
        if (Directory.Exists(_uploadDir))
        {
            Directory.Delete(_uploadDir, recursive: true);
        }
    }
}

public sealed class SqliteCitedAnswersFixture() : CitedAnswersFixture(DatabaseKind.Sqlite);

public sealed class PostgresCitedAnswersFixture() : CitedAnswersFixture(DatabaseKind.Postgres);

/// <summary>A visitor of one tenant on one instance: starts a chat and asks.</summary>
internal sealed class Visitor(HttpClient client, string? tenant)
{
    private string Prefix => tenant is null ? "" : $"/t/{tenant}";

    public string Session { get; private set; } = "";
    public Guid ConversationId { get; private set; }

    public static async Task<Visitor> StartAsync(HttpClient client, string? tenant)
    {
        var visitor = new Visitor(client, tenant);
        using var response = await client.SendAsync(TestAccounts.Request(HttpMethod.Post, $"{visitor.Prefix}/api/v1/chat/start", body: new { }));
        var start = await response.ReadAsync<JsonElement>();
        visitor.Session = start.GetProperty("session_token").GetString()!;
        visitor.ConversationId = start.GetProperty("conversation_id").GetGuid();
        return visitor;
    }

    public async Task<JsonElement> AskAsync(string message)
    {
        using var response = await client.SendAsync(TestAccounts.Request(HttpMethod.Post, $"{Prefix}/api/v1/chat/message", session: Session,
            body: new { conversation_id = ConversationId, message }));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public async Task<SseRead> StreamAsync(string message)
    {
        using var response = await client.SendAsync(TestAccounts.Request(HttpMethod.Post, $"{Prefix}/api/v1/streams", session: Session,
            body: new { conversation_id = ConversationId, message }));
        var created = await response.ReadAsync<JsonElement>();
        return await SseClient.ReadAsync(client, TestAccounts.Request(HttpMethod.Get, created.GetProperty("events_url").GetString()!, session: Session));
    }

    public async Task<JsonElement> MessagesAsync()
    {
        using var response = await client.SendAsync(TestAccounts.Request(HttpMethod.Get, $"{Prefix}/api/v1/chat/{ConversationId}/messages", session: Session));
        return (await response.ReadAsync<JsonElement>()).GetProperty("messages");
    }
}
