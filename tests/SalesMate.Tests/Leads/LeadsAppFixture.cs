using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Identity;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>The app in local mode with a clock tests move forward, the outbox in a private folder and a sales desk address.</summary>
public abstract class LeadsAppFixture(DatabaseKind kind, IReadOnlyDictionary<string, string>? extraSettings = null) : IAsyncLifetime
{
    public const string SalesDesk = "leads-desk@example.com";

    public ShiftableClock Clock { get; } = new();
    public Outbox Outbox { get; } = new(Path.Combine(Path.GetTempPath(), "salesmate-tests", "outbox-" + Guid.NewGuid().ToString("N")));
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Guid TenantId { get; private set; }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["email:outbox_dir"] = Outbox.Directory,
            ["email:mock_sales_recipient"] = SalesDesk,
            ["chat:inactivity_minutes"] = "30",
            // The tests run the worker themselves; the hosted one must not get there first.
            ["summaries:scan_interval_seconds"] = "86400",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(kind), settings, services => services.AddSingleton<TimeProvider>(Clock));
        Client = Factory.CreateKestrelClient();
        TenantId = await Factory.TenantIdAsync("demo");
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

    public Task<T> DbAsync<T>(Func<SalesMateDbContext, Task<T>> work) => Factory.InTenantAsync(TenantId, (_, db) => work(db));
}

public sealed class SqliteLeadsAppFixture() : LeadsAppFixture(DatabaseKind.Sqlite);

public sealed class PostgresLeadsAppFixture() : LeadsAppFixture(DatabaseKind.Postgres);

/// <summary>As <see cref="SqliteLeadsAppFixture"/>, with app.public_base_url set (under a path, with a trailing slash).</summary>
public sealed class SqlitePublicUrlLeadsAppFixture() : LeadsAppFixture(DatabaseKind.Sqlite,
    new Dictionary<string, string> { ["app:public_base_url"] = "https://sales.example.test/crm/" });
