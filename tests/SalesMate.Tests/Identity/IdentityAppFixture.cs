using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SalesMate.Api.Models;
using SalesMate.Database;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>
/// The real app on Kestrel over a fresh database, with a clock tests can move forward, every log event captured, and
/// the default outbox email transport writing into a private folder. Per-IP send limits are raised here (all test
/// traffic comes from 127.0.0.1); the tests that check them start a second instance with a low limit.
/// </summary>
public abstract class IdentityAppFixture(DatabaseKind kind) : IAsyncLifetime
{
    public ShiftableClock Clock { get; } = new();
    public CapturedLogs Logs { get; } = new();
    public Outbox Outbox { get; } = new(Path.Combine(Path.GetTempPath(), "salesmate-tests", "outbox-" + Guid.NewGuid().ToString("N")));
    public SalesMateFactory Factory { get; private set; } = null!;
    public WebApplicationFactory<Program> App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["email:outbox_dir"] = Outbox.Directory,
        ["otp:max_sends_per_ip_per_hour"] = "100000",
    };

    public async Task InitializeAsync()
    {
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), Settings);
        (App, Client) = StartInstance();
    }

    /// <summary>One more app instance on the same database and clock (another server behind the load balancer).</summary>
    public (WebApplicationFactory<Program> App, HttpClient Client) StartInstance(IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var app = Factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("urls", "http://127.0.0.1:0");
            foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
            builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        });
        app.UseKestrel(0);
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(address) });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        if (Directory.Exists(Outbox.Directory) && Environment.GetEnvironmentVariable("SALESMATE_KEEP_OUTBOX") is null)
        {
            Directory.Delete(Outbox.Directory, recursive: true);
        }
    }

    /// <summary>Runs <paramref name="work"/> against the database as the demo tenant.</summary>
    public async Task<T> DbAsync<T>(Func<SalesMateDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenantId = await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        return await work(db);
    }

    public async Task<StartChatResponse> StartChatAsync(HttpClient? client = null, string? token = null)
    {
        var response = await (client ?? Client).PostJsonAsync("/api/v1/chat/start", new { }, token);
        response.EnsureSuccessStatusCode();
        return await response.ReadAsync<StartChatResponse>();
    }

    public Task<HttpResponseMessage> RequestCodeAsync(string? token, string email, string purpose, HttpClient? client = null) =>
        (client ?? Client).PostJsonAsync("/api/v1/otp/request", new { email, purpose }, token);

    public Task<HttpResponseMessage> VerifyAsync(string? token, string email, string code, string purpose = "link_session") =>
        Client.PostJsonAsync("/api/v1/otp/verify", new { email, code, purpose }, token);

    public static string NewEmail(string name = "shopper") => $"{name}.{Guid.NewGuid():N}@example.com";
}

public sealed class SqliteIdentityAppFixture() : IdentityAppFixture(DatabaseKind.Sqlite);

public sealed class PostgresIdentityAppFixture() : IdentityAppFixture(DatabaseKind.Postgres);
