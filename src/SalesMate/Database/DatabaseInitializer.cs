using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Services.Tenancy;

namespace SalesMate.Database;

public sealed record SeedReport(bool TenantCreated, int ProductsImported, int ShopperPersonas, int AssistantPersonas, int DocumentsIngested = 0)
{
    /// <summary>The other demo tenants seeded in multi-tenant mode (the real-estate tenant).</summary>
    public IReadOnlyList<DemoTenantReport> OtherTenants { get; init; } = [];
}

public sealed record DemoTenantReport(string Slug, bool Created, int ProductsImported);

/// <summary>Migrations and demo seeding, in one place (used at start-up and by `salesmate migrate|seed|seed-personas`).</summary>
public sealed class DatabaseInitializer(
    SalesMateDbContext db,
    TenantContext tenantContext,
    MigrationRunner migrations,
    ProductImporter importer,
    Services.Rag.Ingestion.DemoDocuments demoDocuments,
    IOptions<AppOptions> appOptions,
    IOptions<DemoOptions> demoOptions,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) => migrations.MigrateAsync(cancellationToken);

    private DemoTenant DefaultDemo => DemoTenants.ForDefault(appOptions.Value.DefaultTenant);

    /// <summary>
    /// Creates the default tenant and, when it has none yet, its demo catalog, personas and documents; in multi-tenant
    /// mode also the real-estate demo tenant (demo.real_estate). Safe to run again. Leaves the tenant context on the
    /// default tenant.
    /// </summary>
    public async Task<SeedReport> SeedDemoAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var created = await EnsureDefaultTenantAsync(cancellationToken);
        var defaultTenantId = tenantContext.TenantId;
        var imported = await SeedCatalogAsync(DefaultDemo, progress, cancellationToken);
        var (shoppers, assistants) = await SeedPersonasAsync(overwrite: false, cancellationToken);
        await AgentDefaults.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var documents = DefaultDemo.HasDocuments ? await demoDocuments.SeedAsync(appOptions.Value.DefaultTenant, cancellationToken) : 0;
        logger.LogInformation("Demo seed: tenant created {TenantCreated}, {ProductCount} products imported", created, imported);

        var others = new List<DemoTenantReport>();
        if (appOptions.Value.IsMultiTenant && demoOptions.Value.RealEstate && DefaultDemo.Slug != DemoTenants.Homes.Slug)
        {
            others.Add(await SeedOtherTenantAsync(DemoTenants.Homes, cancellationToken));
            tenantContext.Set(defaultTenantId);
        }
        return new SeedReport(created, imported, shoppers, assistants, documents) { OtherTenants = others };
    }

    /// <summary>Creates a demo tenant other than the default one with its catalog, personas and agents (only what is missing).</summary>
    private async Task<DemoTenantReport> SeedOtherTenantAsync(DemoTenant demo, CancellationToken cancellationToken)
    {
        var created = await EnsureTenantAsync(demo, cancellationToken);
        var imported = await SeedCatalogAsync(demo, null, cancellationToken);
        await SeedShopperPersonasAsync(demo, overwrite: false, cancellationToken);
        await SeedAssistantPersonasAsync(demo, overwrite: false, cancellationToken);
        await AgentDefaults.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo seed: tenant {TenantSlug} created {TenantCreated}, {ProductCount} products imported", demo.Slug, created, imported);
        return new DemoTenantReport(demo.Slug, created, imported);
    }

    /// <summary>Imports the demo's product file into the current tenant when it has no products yet.</summary>
    private async Task<int> SeedCatalogAsync(DemoTenant demo, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(cancellationToken))
        {
            return 0;
        }
        var path = DataPath("products", demo.ProductsFile);
        var report = await importer.ImportAsync(ProductFileReader.Read(path), skipInvalid: false, progress, cancellationToken);
        if (!report.Applied)
        {
            throw new InvalidOperationException($"{path} has invalid rows: " +
                string.Join("; ", report.Errors.Take(5).Select(e => $"line {e.Line}: {e.Message}")));
        }
        return report.Created;
    }

    /// <summary>Loads the default tenant's persona files; upserts by code when <paramref name="overwrite"/>, otherwise only adds missing ones.</summary>
    public async Task<(int Shoppers, int Assistants)> SeedPersonasAsync(bool overwrite, CancellationToken cancellationToken)
    {
        await EnsureDefaultTenantAsync(cancellationToken);
        var shoppers = await SeedShopperPersonasAsync(DefaultDemo, overwrite, cancellationToken);
        return (shoppers, await SeedAssistantPersonasAsync(DefaultDemo, overwrite, cancellationToken)); // saves both
    }

    /// <summary>Loads data/personas/assistant_personas.json into the current tenant (used for every new tenant too).</summary>
    public Task<int> SeedAssistantPersonasAsync(bool overwrite, CancellationToken cancellationToken) =>
        SeedAssistantPersonasAsync(DemoTenants.Electronics, overwrite, cancellationToken);

    private async Task<int> SeedShopperPersonasAsync(DemoTenant demo, bool overwrite, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var shoppers = Load<List<ShopperPersonaFile>>(DataPath("personas", demo.ShopperPersonasFile));
        var existingShoppers = await db.ShopperPersonas.ToDictionaryAsync(p => p.Code, cancellationToken);
        var shopperCount = 0;
        foreach (var file in shoppers)
        {
            if (existingShoppers.TryGetValue(file.Code, out var persona) && !overwrite)
            {
                continue;
            }
            if (persona is null)
            {
                persona = new ShopperPersona { Id = Guid.CreateVersion7(), Code = file.Code, Name = file.Name, CreatedAt = now };
                db.ShopperPersonas.Add(persona);
            }
            persona.Name = file.Name;
            persona.Description = file.Description ?? "";
            persona.BudgetMin = file.BudgetMin;
            persona.BudgetMax = file.BudgetMax;
            persona.Currency = file.Currency ?? "USD";
            persona.Categories = file.Categories ?? [];
            persona.KeyFeatures = file.KeyFeatures ?? [];
            persona.PreferredBrands = file.PreferredBrands ?? [];
            persona.Preferences = file.Preferences ?? [];
            shopperCount++;
        }
        return shopperCount;
    }

    private async Task<int> SeedAssistantPersonasAsync(DemoTenant demo, bool overwrite, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var assistants = Load<List<AssistantPersonaFile>>(DataPath("personas", demo.AssistantPersonasFile));
        var existingAssistants = await db.AssistantPersonas.ToDictionaryAsync(p => p.Code, cancellationToken);
        var assistantCount = 0;
        foreach (var file in assistants)
        {
            if (existingAssistants.TryGetValue(file.Code, out var persona) && !overwrite)
            {
                continue;
            }
            if (persona is null)
            {
                persona = new AssistantPersona { Id = Guid.CreateVersion7(), Code = file.Code, Name = file.Name, SystemPrompt = file.SystemPrompt, CreatedAt = now };
                db.AssistantPersonas.Add(persona);
            }
            persona.Name = file.Name;
            persona.Description = file.Description ?? "";
            persona.SystemPrompt = file.SystemPrompt;
            persona.IsDefault = file.IsDefault;
            assistantCount++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return assistantCount;
    }

    /// <summary>Makes sure the configured default tenant exists and points the tenant context at it.</summary>
    public Task<bool> EnsureDefaultTenantAsync(CancellationToken cancellationToken) => EnsureTenantAsync(DefaultDemo, cancellationToken);

    /// <summary>Makes sure the demo's tenant exists (created with the demo's name and settings) and points the tenant context at it.</summary>
    private async Task<bool> EnsureTenantAsync(DemoTenant demo, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Slug == demo.Slug, cancellationToken);
        var created = false;
        if (tenant is null)
        {
            tenant = new Tenant
            {
                Id = Guid.CreateVersion7(),
                Name = demo.Name ?? $"{appOptions.Value.Name} Demo Store",
                Slug = demo.Slug,
                Settings = demo.Settings,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(cancellationToken);
            created = true;
        }
        tenantContext.Set(tenant.Id);
        return created;
    }

    /// <summary>A demo data file the seed reads; a missing one is a setting to fix, not a crash.</summary>
    private string DataPath(params string[] parts)
    {
        var path = Path.Combine([appOptions.Value.DataDir, .. parts]);
        return File.Exists(path) ? path : throw new DemoDataMissingException(path);
    }

    private static T Load<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");

    private sealed record ShopperPersonaFile(string Code, string Name, string? Description, decimal? BudgetMin, decimal? BudgetMax,
        string? Currency, List<string>? Categories, List<string>? KeyFeatures, List<string>? PreferredBrands, List<string>? Preferences);

    private sealed record AssistantPersonaFile(string Code, string Name, string? Description, string SystemPrompt, bool IsDefault);
}
