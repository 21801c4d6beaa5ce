using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>The real app on Kestrel with its own upload folder, and signed-in accounts of the demo tenant.</summary>
public abstract class KnowledgeAppFixture(DatabaseKind kind) : IAsyncLifetime
{
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string UploadDir { get; } = Path.Combine(Path.GetTempPath(), "salesmate-tests", "uploads-" + Guid.NewGuid().ToString("N"));
    public string AdminToken { get; private set; } = null!;
    public string SalesToken { get; private set; } = null!;
    public Guid TenantId { get; private set; }

    public static Dictionary<string, string> Settings(string uploadDir) => new()
    {
        ["rag:upload_dir"] = uploadDir,
        ["rag:docx_max_uncompressed_mb"] = "20",
    };

    public async Task InitializeAsync()
    {
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), Settings(UploadDir));
        Client = Factory.CreateKestrelClient();
        TenantId = await DemoTenantIdAsync(Factory);
        AdminToken = await SignInAsync(Factory, TenantId, Roles.TenantAdmin);
        SalesToken = await SignInAsync(Factory, TenantId, Roles.Sales);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        if (Directory.Exists(UploadDir))
        {
            Directory.Delete(UploadDir, recursive: true);
        }
    }

    public static async Task<Guid> DemoTenantIdAsync(SalesMateFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
    }

    /// <summary>An account of the given role with an open session, and an access token the app itself issued.</summary>
    public static async Task<string> SignInAsync(SalesMateFactory factory, Guid tenantId, string role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var now = DateTime.UtcNow;
        var user = new User { Id = Guid.CreateVersion7(), Email = $"{role}-{Guid.NewGuid():N}@example.com", Role = role, EmailVerifiedAt = now, CreatedAt = now };
        var session = new AuthSession { Id = Guid.CreateVersion7(), UserId = user.Id, CreatedAt = now, ExpiresAt = now.AddDays(1) };
        db.Users.Add(user);
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return scope.ServiceProvider.GetRequiredService<AccessTokens>().Issue(user, session.Id).Token;
    }

    public AsyncServiceScope TenantScope()
    {
        var scope = Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(TenantId);
        return scope;
    }
}

public sealed class SqliteKnowledgeAppFixture() : KnowledgeAppFixture(DatabaseKind.Sqlite);

public sealed class PostgresKnowledgeAppFixture() : KnowledgeAppFixture(DatabaseKind.Postgres);

/// <summary>Requests of the knowledge API.</summary>
internal static class KnowledgeApi
{
    public static HttpRequestMessage Request(HttpMethod method, string url, string? token)
    {
        var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string? token, IEnumerable<(string Name, byte[] Content)> files,
        string? tags = null, string? agent = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        if (tags is not null)
        {
            form.Add(new StringContent(tags), "tags");
        }
        if (agent is not null)
        {
            form.Add(new StringContent(agent), "agent");
        }
        var request = Request(HttpMethod.Post, "/api/v1/rag/upload", token);
        request.Content = form;
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string? token, string name, byte[] content) =>
        client.UploadAsync(token, [(name, content)]);

    public static async Task<T> GetAsync<T>(this HttpClient client, string url, string token)
    {
        using var response = await client.SendAsync(Request(HttpMethod.Get, url, token));
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<T>();
    }

    /// <summary>Polls the document until the queue has finished with it (bounded: about 60 s).</summary>
    public static async Task<DocumentResponse> WaitForAsync(this HttpClient client, string token, Guid id)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var document = await client.GetAsync<DocumentResponse>($"/api/v1/rag/documents/{id}", token);
            if (document.Status is "ready" or "failed")
            {
                return document;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Document {id} did not finish ingesting.");
    }
}
