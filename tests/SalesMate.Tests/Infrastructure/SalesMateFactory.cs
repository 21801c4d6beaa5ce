using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SalesMate.Tests.Infrastructure;

/// <summary>The real app on real Kestrel (loopback, random port) over a fresh database of the given kind.</summary>
public sealed class SalesMateFactory(TestDatabase database, IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Limits no test reaches by accident: the limiter still runs on every request, and rate-limit tests pass tighter
    /// rate_limits:* settings, which override these.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GenerousRateLimits =
        new[] { "ip", "user", "chat", "voice", "auth", "contribute" }.ToDictionary(rule => $"rate_limits:{rule}:limit", _ => "1000000");

    public TestDatabase Database { get; } = database;

    /// <summary>The HS256 key of this app (random per factory unless the settings name one), for tests that craft tokens.</summary>
    public string JwtSecret => settings?.GetValueOrDefault("auth:jwt_secret") ?? _jwtSecret;

    /// <summary>Where a generated demo admin password goes: a temp file, never the repository.</summary>
    public string AdminCredentialsFile => settings?.GetValueOrDefault("admin:credentials_file") ?? _credentialsFile;

    private readonly string _jwtSecret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
    private readonly string _credentialsFile = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"admin-{Guid.NewGuid():N}.txt");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(TestEnvironment.RepoRoot, "src", "SalesMate"));
        foreach (var (key, value) in Database.Settings())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("auth:jwt_secret", _jwtSecret);
        builder.UseSetting("admin:credentials_file", _credentialsFile);
        // Every app start would ingest the demo documents (and store their originals): tests that want them set demo:documents.
        builder.UseSetting("demo:documents", "false");
        foreach (var (key, value) in GenerousRateLimits.Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_credentialsFile);
    }

    public HttpClient CreateKestrelClient()
    {
        UseKestrel(0);
        StartServer();
        // A plain client without a cookie jar: each test decides which session it presents, like separate visitors.
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(address) };
    }
}

/// <summary>One app + database per test class, shared by its tests.</summary>
public abstract class AppFixture(DatabaseKind kind, IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), settings);
        Client = Factory.CreateKestrelClient();
        await SeedAsync();
    }

    /// <summary>Data a fixture adds once the app runs.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
    }
}

public sealed class SqliteAppFixture() : AppFixture(DatabaseKind.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(DatabaseKind.Postgres);

public static class HttpJson
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<T>(body, SalesMateFactory.Json)
               ?? throw new InvalidOperationException($"Empty body ({(int)response.StatusCode}): {body}");
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body, string? sessionToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: SalesMateFactory.Json) };
        if (sessionToken is not null)
        {
            request.Headers.Add("X-Session-Token", sessionToken);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> SendWithSessionAsync(this HttpClient client, HttpMethod method, string url, string? sessionToken)
    {
        var request = new HttpRequestMessage(method, url);
        if (sessionToken is not null)
        {
            request.Headers.Add("X-Session-Token", sessionToken);
        }
        return client.SendAsync(request);
    }
}
