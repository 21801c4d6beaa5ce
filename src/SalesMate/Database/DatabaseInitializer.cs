using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Services.Tenancy;

namespace SalesMate.Database;

public sealed record SeedReport(bool TenantCreated, int ProductsImported, int ShopperPersonas, int AssistantPersonas, int DocumentsIngested = 0);

/// <summary>Migrations and demo seeding, in one place (used at start-up and by `salesmate migrate|seed|seed-personas`).</summary>
public sealed class DatabaseInitializer(
    SalesMateDbContext db,
    TenantContext tenantContext,
    MigrationRunner migrations,
    ProductImporter importer,
    Services.Rag.Ingestion.DemoDocuments demoDocuments,
    IOptions<AppOptions> appOptions,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken) => migrations.MigrateAsync(cancellationToken);

    /// <summary>Creates the default tenant and, when it has none yet, its demo catalog, personas and documents. Safe to run again.</summary>
    public async Task<SeedReport> SeedDemoAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var created = await EnsureDefaultTenantAsync(cancellationToken);
        var imported = 0;
        if (!await db.Products.AnyAsync(cancellationToken))
        {
            var path = DataPath("products", "products.json");
            var report = await importer.ImportAsync(ProductFileReader.Read(path), skipInvalid: false, progress, cancellationToken);
            if (!report.Applied)
            {
                throw new InvalidOperationException($"{path} has invalid rows: " +
                    string.Join("; ", report.Errors.Take(5).Select(e => $"line {e.Line}: {e.Message}")));
            }
            imported = report.Created;
        }
        var (shoppers, assistants) = await SeedPersonasAsync(overwrite: false, cancellationToken);
        await AgentDefaults.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var documents = await demoDocuments.SeedAsync(appOptions.Value.DefaultTenant, cancellationToken);
        logger.LogInformation("Demo seed: tenant created {TenantCreated}, {ProductCount} products imported", created, imported);
        return new SeedReport(created, imported, shoppers, assistants, documents);
    }

    /// <summary>Loads data/personas/*.json; upserts by code when <paramref name="overwrite"/>, otherwise only adds missing ones.</summary>
    public async Task<(int Shoppers, int Assistants)> SeedPersonasAsync(bool overwrite, CancellationToken cancellationToken)
    {
        await EnsureDefaultTenantAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var shoppers = Load<List<ShopperPersonaFile>>(DataPath("personas", "personas.json"));
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

        return (shopperCount, await SeedAssistantPersonasAsync(overwrite, cancellationToken)); // saves both
    }

    /// <summary>Loads data/personas/assistant_personas.json into the current tenant (used for every new tenant too).</summary>
    public async Task<int> SeedAssistantPersonasAsync(bool overwrite, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var assistants = Load<List<AssistantPersonaFile>>(DataPath("personas", "assistant_personas.json"));
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
    public async Task<bool> EnsureDefaultTenantAsync(CancellationToken cancellationToken)
    {
        var slug = appOptions.Value.DefaultTenant;
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Slug == slug, cancellationToken);
        var created = false;
        if (tenant is null)
        {
            tenant = new Tenant
            {
                Id = Guid.CreateVersion7(),
                Name = $"{appOptions.Value.Name} Demo Store",
                Slug = slug,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(cancellationToken);
            created = true;
        }
        tenantContext.Set(tenant.Id);
        return created;
    }

    private string DataPath(params string[] parts) => Path.Combine([appOptions.Value.DataDir, .. parts]);

    private static T Load<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} is empty.");

    private sealed record ShopperPersonaFile(string Code, string Name, string? Description, decimal? BudgetMin, decimal? BudgetMax,
        string? Currency, List<string>? Categories, List<string>? KeyFeatures, List<string>? PreferredBrands, List<string>? Preferences);

    private sealed record AssistantPersonaFile(string Code, string Name, string? Description, string SystemPrompt, bool IsDefault);
}
