using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Tenancy;

/// <summary>One tenant of <see cref="MultiTenantFixture"/>: its admin, user, two anonymous visitors, catalog and API key.</summary>
public sealed class TenantSide
{
    public required string Slug { get; init; }
    public required Guid TenantId { get; init; }
    public required TestAccount Admin { get; init; }
    public required TestAccount User { get; init; }
    public required Guid ProductId { get; init; }
    public required string ProductSku { get; init; }
    public required string Category { get; init; }

    /// <summary>The first visitor's session token, its conversation (with a finished stream) and the stream's id.</summary>
    public string Visitor { get; set; } = "";
    public Guid ConversationId { get; set; }
    public string StreamId { get; set; } = "";

    /// <summary>A second anonymous visitor of the same tenant, with a conversation of its own.</summary>
    public string OtherVisitor { get; set; } = "";
    public Guid OtherConversationId { get; set; }

    /// <summary>A ready knowledge-base document with a unique phrase in its text.</summary>
    public Guid DocumentId { get; set; }
    public string DocumentPhrase { get; set; } = "";

    public Guid ApiKeyId { get; set; }
    public string ApiKey { get; set; } = "";
    public string ApiKeyPrefix { get; set; } = "";

    /// <summary>A route of this tenant: "/t/{slug}" + route.</summary>
    public string At(string route) => $"/t/{Slug}{route}";

    /// <summary>Strings that identify this tenant's rows; none may appear in another tenant's answers.</summary>
    public IEnumerable<string> Markers =>
    [
        TenantId.ToString(), ProductId.ToString(), ProductSku, Category, ConversationId.ToString(), OtherConversationId.ToString(),
        Admin.Email, User.Email, Admin.Id.ToString(), User.Id.ToString(), ApiKeyId.ToString(), ApiKeyPrefix,
        DocumentId.ToString(), DocumentPhrase,
    ];
}

/// <summary>
/// The app in multi-tenant mode (tenant from the /t/{slug} path) with two tenants, alpha and beta, set up as real
/// customers would have them, plus a super_admin in the default tenant.
/// </summary>
public abstract class MultiTenantFixture(DatabaseKind kind) : AppFixture(kind, new Dictionary<string, string>
{
    ["app:mode"] = "multi-tenant",
    ["app:tenant_from"] = "path",
    ["rag:upload_dir"] = Path.Combine(Path.GetTempPath(), "salesmate-tests", "uploads-" + Guid.NewGuid().ToString("N")),
})
{
    public TenantSide Alpha { get; private set; } = null!;
    public TenantSide Beta { get; private set; } = null!;
    public TestAccount SuperAdmin { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        var demo = await Factory.TenantIdAsync("demo");
        SuperAdmin = await Factory.CreateAccountAsync(demo, "root@salesmate.test", Roles.SuperAdmin);
        Alpha = await SideAsync("alpha", ("ALPHA-CAM-1", "Aurora Camera X", "Cameras", 899m));
        Beta = await SideAsync("beta", ("BETA-DRONE-1", "Borealis Drone Z", "Drones", 499m));
    }

    private async Task<TenantSide> SideAsync(string slug, (string Sku, string Name, string Category, decimal Price) product)
    {
        var tenantId = await Factory.CreateTenantAsync(slug);
        var products = await Factory.ImportProductsAsync(tenantId, product);
        var side = new TenantSide
        {
            Slug = slug,
            TenantId = tenantId,
            Admin = await Factory.CreateAccountAsync(tenantId, $"admin@{slug}.test", Roles.TenantAdmin),
            User = await Factory.CreateAccountAsync(tenantId, $"user@{slug}.test", Roles.User),
            ProductId = products[0],
            ProductSku = product.Sku,
            Category = product.Category,
        };
        (side.Visitor, side.ConversationId) = await StartChatAsync(side);
        side.StreamId = await StreamAnswerAsync(side, side.Visitor, side.ConversationId);
        (side.OtherVisitor, side.OtherConversationId) = await StartChatAsync(side);

        var key = await SendAsync(TestAccounts.Request(HttpMethod.Post, side.At("/api/v1/admin/api-keys"), side.Admin.Token,
            body: new { name = $"{slug} key" }), HttpStatusCode.Created);
        side.ApiKeyId = key.GetProperty("id").GetGuid();
        side.ApiKey = key.GetProperty("key").GetString()!;
        side.ApiKeyPrefix = key.GetProperty("prefix").GetString()!;
        (side.DocumentId, side.DocumentPhrase) = await UploadDocumentAsync(side);
        return side;
    }

    private async Task<(string Session, Guid ConversationId)> StartChatAsync(TenantSide side)
    {
        var start = await SendAsync(TestAccounts.Request(HttpMethod.Post, side.At("/api/v1/chat/start"), body: new { }), HttpStatusCode.OK);
        var session = start.GetProperty("session_token").GetString()!;
        var conversation = start.GetProperty("conversation_id").GetGuid();
        await SendAsync(TestAccounts.Request(HttpMethod.Post, side.At("/api/v1/chat/message"), session: session,
            body: new { conversation_id = conversation, message = $"show me {side.Category.ToLowerInvariant()}" }), HttpStatusCode.OK);
        return (session, conversation);
    }

    /// <summary>Uploads a Markdown document as the tenant's admin and waits until the queue has made it ready.</summary>
    private async Task<(Guid Id, string Phrase)> UploadDocumentAsync(TenantSide side)
    {
        var phrase = $"{side.Slug}-secret-{Guid.NewGuid():N}";
        using var form = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"# Policy\n\nOnly {phrase} knows this.")), "files", "policy.md" } };
        var upload = TestAccounts.Request(HttpMethod.Post, side.At("/api/v1/rag/upload"), side.Admin.Token);
        upload.Content = form;
        var id = (await SendAsync(upload, HttpStatusCode.Accepted)).GetProperty("documents")[0].GetProperty("id").GetGuid();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var document = await SendAsync(TestAccounts.Request(HttpMethod.Get, side.At($"/api/v1/rag/documents/{id}"), side.Admin.Token), HttpStatusCode.OK);
            if (document.GetProperty("status").GetString() is "ready")
            {
                return (id, phrase);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The tenant's document did not become ready.");
    }

    /// <summary>Streams an answer and reads it to the end, so the stream is finished before any test looks at it.</summary>
    private async Task<string> StreamAnswerAsync(TenantSide side, string session, Guid conversation)
    {
        var created = await SendAsync(TestAccounts.Request(HttpMethod.Post, side.At("/api/v1/streams"), session: session,
            body: new { conversation_id = conversation, message = "anything cheaper?" }), HttpStatusCode.OK);
        var eventsUrl = created.GetProperty("events_url").GetString()!;
        eventsUrl.Should().StartWith(side.At("/events/stream"), "links handed out keep the tenant prefix");
        var read = await SseClient.ReadAsync(Client, TestAccounts.Request(HttpMethod.Get, eventsUrl, session: session));
        read.Items.Should().Contain(i => i.EventType == "done");
        return created.GetProperty("stream_id").GetString()!;
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, HttpStatusCode expected)
    {
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Everything of a tenant an attack could change, as one string to compare before and after.</summary>
    public Task<string> SnapshotAsync(Guid tenantId) => Factory.InTenantAsync(tenantId, async (_, db) => JsonSerializer.Serialize(new
    {
        Tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.Name, t.IsActive, t.Settings, t.CatalogVersion }).SingleAsync(),
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.Name, p.Price, p.Stock }).ToListAsync(),
        Conversations = await db.Conversations.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.MessageCount, c.Title, c.UpdatedAt }).ToListAsync(),
        Messages = await db.Messages.CountAsync(),
        Streams = await db.ChatStreams.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.Status, s.CancelRequested }).ToListAsync(),
        VisitorSessions = await db.Sessions.CountAsync(),
        Users = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Email, u.Role, u.IsActive }).ToListAsync(),
        AuthSessions = await db.AuthSessions.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.RevokedAt }).ToListAsync(),
        ApiKeys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => new { k.Id, k.Name, k.RevokedAt }).ToListAsync(),
        Agents = await db.TenantAgents.AsNoTracking().OrderBy(a => a.Agent).Select(a => new { a.Agent, a.IsEnabled, a.Model, a.PersonaCode }).ToListAsync(),
        AuditEntries = await db.AuditLogs.CountAsync(),
        Documents = await db.Documents.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Status, d.ChunkCount, d.UpdatedAt }).ToListAsync(),
        Chunks = await db.DocumentChunks.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(),
    }));
}

public sealed class SqliteMultiTenantFixture() : MultiTenantFixture(DatabaseKind.Sqlite);

public sealed class PostgresMultiTenantFixture() : MultiTenantFixture(DatabaseKind.Postgres);
