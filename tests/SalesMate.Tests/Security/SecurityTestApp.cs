using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Middleware;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Services.OpenAiCompat;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Security;

/// <summary>
/// An app of its own for one test (limits and headers depend on settings and on state the test changes), on real
/// Kestrel over a fresh database, with helpers to act as a browser page or an API client.
/// </summary>
internal sealed class SecurityTestApp : IAsyncDisposable
{
    private SecurityTestApp(SalesMateFactory factory, HttpClient client)
    {
        Factory = factory;
        Client = client;
    }

    public SalesMateFactory Factory { get; }
    public HttpClient Client { get; }

    /// <summary>The app's own origin, as a page it served would send it.</summary>
    public string OwnOrigin => Client.BaseAddress!.GetLeftPart(UriPartial.Authority);

    public static async Task<SecurityTestApp> StartAsync(DatabaseKind kind, IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), settings);
        return new SecurityTestApp(factory, factory.CreateKestrelClient());
    }

    /// <summary>Sets the demo tenant's allowed widget origins (as an admin would) and drops this instance's cached copy.</summary>
    public async Task AllowOriginsAsync(params string[] origins)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().EnsureDefaultTenantAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenant = await db.Tenants.SingleAsync(t => t.Slug == "demo");
        tenant.Settings = tenant.Settings with { AllowedOrigins = [.. origins] };
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<TenantOrigins>().Forget(tenant.Id);
    }

    public async Task<string> CreateApiKeyAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().EnsureDefaultTenantAsync(CancellationToken.None);
        return (await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync("security-tests", CancellationToken.None)).Secret;
    }

    /// <summary>Counts rows of the default tenant, e.g. how many messages or LLM calls were stored.</summary>
    public async Task<int> CountAsync<T>(Func<SalesMateDbContext, IQueryable<T>> rows)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().EnsureDefaultTenantAsync(CancellationToken.None);
        return await rows(scope.ServiceProvider.GetRequiredService<SalesMateDbContext>()).CountAsync();
    }

    /// <summary>A signed-in user (of <paramref name="role"/>) of the demo tenant and a valid access token for it (an open account session behind it).</summary>
    public async Task<string> SignInAsync(string role = Roles.User)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().EnsureDefaultTenantAsync(CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var now = DateTime.UtcNow;
        var user = new User { Id = Guid.CreateVersion7(), Email = $"{Guid.NewGuid():N}@example.com", Role = role, EmailVerifiedAt = now, CreatedAt = now };
        var session = new AuthSession { Id = Guid.CreateVersion7(), UserId = user.Id, CreatedAt = now, ExpiresAt = now.AddDays(1) };
        db.Users.Add(user);
        db.AuthSessions.Add(session);
        await db.SaveChangesAsync();
        return scope.ServiceProvider.GetRequiredService<AccessTokens>().Issue(user, session.Id).Token;
    }

    public async Task<StartChatResponse> StartChatAsync()
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/start", new { });
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<StartChatResponse>();
    }

    /// <summary>A request with a JSON body (or none) and whatever headers the test adds.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? json = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = JsonContent.Create(json, options: SalesMateFactory.Json);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}
