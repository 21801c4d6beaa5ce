using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Middleware;
using SalesMate.Database;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Identity;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Browser;

/// <summary>The real app on Kestrel (SQLite, demo catalog, keyless local assistant) plus a headless Chromium.</summary>
public class BrowserAppFixture : IAsyncLifetime
{
    public BrowserHost Host { get; private set; } = null!;
    public SalesMateFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public string BaseUrl => Client.BaseAddress!.ToString().TrimEnd('/');
    public Outbox Outbox { get; } = new(Path.Combine(Path.GetTempPath(), "salesmate-tests", $"outbox-{Guid.NewGuid():N}"));

    protected virtual Dictionary<string, string> Settings() => new()
    {
        ["email:outbox_dir"] = Outbox.Directory,
        ["otp:max_sends_per_ip_per_hour"] = "100000",
        ["rag:upload_dir"] = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"uploads-{Guid.NewGuid():N}"),
    };

    protected virtual DatabaseKind DatabaseKind => DatabaseKind.Sqlite;

    protected virtual IEnumerable<string> BrowserArgs => [];

    public virtual async Task InitializeAsync()
    {
        Factory = new SalesMateFactory(await TestDatabase.CreateAsync(DatabaseKind), Settings());
        Client = Factory.CreateKestrelClient();
        Host = await BrowserHost.StartAsync(BrowserArgs);
    }

    /// <summary>Sets the default tenant's allowed origins, as an admin would (CORS for the widget).</summary>
    public async Task AllowOriginAsync(string origin)
    {
        var tenantId = await Factory.TenantIdAsync("demo");
        await Factory.InTenantAsync(tenantId, async (services, db) =>
        {
            var tenant = await db.Tenants.FirstAsync(t => t.Id == tenantId);
            tenant.Settings = tenant.Settings with { AllowedOrigins = [origin] };
            await db.SaveChangesAsync();
            services.GetRequiredService<TenantOrigins>().Forget(tenantId);
            return 0;
        });
    }

    /// <summary>An account of the demo tenant with that role and an access token.</summary>
    public async Task<TestAccount> AccountAsync(string role) =>
        await Factory.CreateAccountAsync(await Factory.TenantIdAsync("demo"), $"{role}-{Guid.NewGuid():N}@example.com", role);

    /// <summary>A browser context signed in with the access token (the sign-in cookie the login page would set).</summary>
    public async Task<Microsoft.Playwright.IBrowserContext> SignedInAsync(string accessToken, string theme = "clean")
    {
        var context = await Host.NewContextAsync(BaseUrl);
        await context.AddCookiesAsync([
            new Microsoft.Playwright.Cookie { Name = "salesmate_access", Value = accessToken, Url = BaseUrl },
            new Microsoft.Playwright.Cookie { Name = "sm_theme", Value = theme, Url = BaseUrl },
        ]);
        return context;
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Client.Dispose();
        await Factory.DisposeAsync();
        await Factory.Database.DisposeAsync();
        if (Directory.Exists(Outbox.Directory))
        {
            Directory.Delete(Outbox.Directory, recursive: true);
        }
    }
}

/// <summary>The app answering through a hosted model that is a local fake OpenAI server the test scripts.</summary>
public sealed class BrowserLlmAppFixture : BrowserAppFixture
{
    public FakeOpenAiServer Model { get; private set; } = null!;

    protected override Dictionary<string, string> Settings()
    {
        var settings = base.Settings();
        settings["llm:provider"] = "openai-compatible";
        settings["llm:base_url"] = Model.BaseUrl.ToString();
        settings["llm:api_key"] = "sk-test-key";
        settings["llm:model"] = "gpt-fake";
        settings["llm:first_token_timeout_seconds"] = "10";
        settings["llm:idle_timeout_seconds"] = "10";
        settings["llm:max_retries"] = "0";
        settings["llm:circuit_breaker:minimum_throughput"] = "1000";
        return settings;
    }

    public override async Task InitializeAsync()
    {
        Model = await FakeOpenAiServer.StartAsync("gpt-fake");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}

[CollectionDefinition("browser", DisableParallelization = true)]
public sealed class BrowserCollection;
