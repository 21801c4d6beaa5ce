using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Identity;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>One app per test class whose clock the tests can move forward; emails land in a temp outbox.</summary>
public abstract class AccountsAppFixture(DatabaseKind kind) : IAsyncLifetime
{
    public ShiftableClock Clock { get; } = new();
    public CapturedLogs Logs { get; } = new();
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Outbox Outbox { get; } = new(Path.Combine(Path.GetTempPath(), "salesmate-tests", $"outbox-{Guid.NewGuid():N}"));

    public async Task InitializeAsync()
    {
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind),
            new Dictionary<string, string> { ["email:outbox_dir"] = Outbox.Directory, ["otp:max_sends_per_ip_per_hour"] = "100000" },
            services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
            });
        Client = Factory.CreateKestrelClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        if (Directory.Exists(Outbox.Directory))
        {
            Directory.Delete(Outbox.Directory, recursive: true);
        }
    }
}

public sealed class SqliteAccountsFixture() : AccountsAppFixture(DatabaseKind.Sqlite);

public sealed class PostgresAccountsFixture() : AccountsAppFixture(DatabaseKind.Postgres);

public static class AccountsTestKit
{
    public const string GoodPassword = "correct horse battery staple 42";

    public static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    /// <summary>Runs <paramref name="work"/> with a DbContext of the default tenant, like a request would see it.</summary>
    public static async Task<T> WithDbAsync<T>(this AccountsAppFixture fixture, Func<SalesMateDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
        return await work(db, scope.ServiceProvider);
    }

    public static Task WithDbAsync(this AccountsAppFixture fixture, Func<SalesMateDbContext, Task> work) =>
        fixture.WithDbAsync(async (db, _) =>
        {
            await work(db);
            return true;
        });

    /// <summary>An account created straight in the database (as an admin invite plus verification would leave it).</summary>
    public static Task<Guid> CreateUserAsync(this AccountsAppFixture fixture, string email, string password = GoodPassword,
        bool verified = true, string role = Roles.User, string? passwordHash = null) =>
        fixture.WithDbAsync(async (db, services) =>
        {
            var now = DateTime.UtcNow;
            var user = new User
            {
                Id = Guid.CreateVersion7(),
                Email = email,
                Role = role,
                PasswordHash = passwordHash ?? services.GetRequiredService<PasswordHasher>().Hash(password),
                EmailVerifiedAt = verified ? now : null,
                CreatedAt = now,
            };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        });

    public static async Task<TokenResponse> LoginAsync(this HttpClient client, string email, string password = GoodPassword, string? sessionToken = null)
    {
        var response = await client.PostJsonAsync("/api/v1/auth/login", new { email, password }, sessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<TokenResponse>();
    }

    public static Task<HttpResponseMessage> SignupAsync(this HttpClient client, string email, string password = GoodPassword, string? displayName = null) =>
        client.PostJsonAsync("/api/v1/auth/signup", new { email, password, display_name = displayName });

    /// <summary>Signs up, reads the code from the outbox like the user would, and verifies it.</summary>
    public static async Task<TokenResponse> SignupAndVerifyAsync(this AccountsAppFixture fixture, string email, string password = GoodPassword,
        string? sessionToken = null)
    {
        var signup = await fixture.Client.SignupAsync(email, password);
        signup.StatusCode.Should().Be(HttpStatusCode.Accepted, await signup.Content.ReadAsStringAsync());
        var verify = await fixture.Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email, code = fixture.Outbox.LatestCode(email) }, sessionToken);
        verify.StatusCode.Should().Be(HttpStatusCode.OK, await verify.Content.ReadAsStringAsync());
        return await verify.ReadAsync<TokenResponse>();
    }

    public static Task<HttpResponseMessage> RefreshAsync(this HttpClient client, string refreshToken) =>
        client.PostJsonAsync("/api/v1/auth/refresh", new { refresh_token = refreshToken });

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, string? accessToken, object? body = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: SalesMateFactory.Json);
        }
        return client.SendAsync(request);
    }

    public static async Task<HttpStatusCode> MeStatusAsync(this HttpClient client, string accessToken) =>
        (await client.SendAsync(HttpMethod.Get, "/api/v1/auth/me", accessToken)).StatusCode;

    /// <summary>The response body without the per-request ids, to compare two answers.</summary>
    public static async Task<string> BodyWithoutRequestIdAsync(this HttpResponseMessage response)
    {
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        json.Remove("request_id");
        json.Remove("trace_id");
        return json.ToJsonString();
    }
}
