using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Tenancy;

namespace SalesMate.Services.Admin;

public sealed record NewTenant(Tenant Tenant, IReadOnlyList<TenantAgent> Agents, User? InvitedAdmin);

/// <summary>
/// Tenants as a super_admin manages them. A new tenant gets the assistant personas, its agents (sales, trainer) and
/// optionally an invited first tenant_admin, in one transaction. Audit entries go to the log of the tenant acted on.
/// </summary>
public sealed class TenantAdministration(
    SalesMateDbContext db,
    TenantContext tenantContext,
    DatabaseInitializer initializer,
    UserAdministration users,
    AuditLog audit,
    TenantDirectory directory,
    Api.Middleware.TenantOrigins origins,
    IOptions<AppOptions> app,
    IOptions<CurrencyOptions> currencies,
    TimeProvider clock)
{
    public IReadOnlySet<string> Currencies { get; } =
        currencies.Value.UsdRates.Keys.Select(k => k.ToUpperInvariant()).Append("USD").ToHashSet(StringComparer.Ordinal);

    public async Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Slug).ToListAsync(cancellationToken);

    public async Task<Tenant> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new NotFoundException("Tenant", id);

    public async Task<NewTenant> CreateAsync(HttpContext? http, string? name, string? slug, JsonElement? settingsPatch, string? adminEmail,
        CancellationToken cancellationToken)
    {
        var fields = new PatchFields();
        var tenantName = Name(name, fields);
        if (!Utils.Slug.IsValid(slug))
        {
            fields.Fail("slug", "slug must be 1-63 characters: lower-case letters, digits and single hyphens (it appears in URLs).");
        }
        var settings = settingsPatch is { } patch ? TenantSettingsPatch.Apply(new TenantSettings(), patch, Currencies, fields).Settings : new TenantSettings();
        if (adminEmail is not null && UserAdministration.NormalizedEmail(adminEmail) is null)
        {
            fields.Fail("admin_email", "admin_email must be an email address such as owner@example.com.");
        }
        fields.ThrowIfInvalid();
        if (await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            throw new ConflictException($"A tenant with the slug '{slug}' already exists.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = tenantName!, Slug = slug!, Settings = settings, CreatedAt = now };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        tenantContext.Set(tenant.Id);
        await initializer.SeedAssistantPersonasAsync(overwrite: false, cancellationToken);
        await AgentDefaults.EnsureAsync(db, now, cancellationToken);
        var admin = adminEmail is null ? null
            : await users.AddInvitationAsync(http, adminEmail, Roles.TenantAdmin, cancellationToken, emailField: "admin_email");
        audit.Add(http, AuditActions.TenantCreate, "tenant", tenant.Id, new() { ["slug"] = tenant.Slug, ["name"] = tenant.Name });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var agents = await db.TenantAgents.AsNoTracking().OrderBy(a => a.Agent).ToListAsync(cancellationToken);
        return new NewTenant(tenant, agents, admin);
    }

    public async Task<Tenant> UpdateAsync(HttpContext http, Guid id, string? name, bool? active, JsonElement? settingsPatch,
        CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw new NotFoundException("Tenant", id);
        var fields = new PatchFields();
        var newName = name is null ? null : Name(name, fields);
        var (settings, changed) = settingsPatch is { ValueKind: not JsonValueKind.Null } patch
            ? TenantSettingsPatch.Apply(tenant.Settings, patch, Currencies, fields)
            : (tenant.Settings, []);
        fields.ThrowIfInvalid();
        if (active == false && tenant.Slug == app.Value.DefaultTenant)
        {
            throw new ConflictException($"'{tenant.Slug}' is app.default_tenant and cannot be deactivated; change app.default_tenant first.");
        }

        tenantContext.Set(tenant.Id); // the audit entries belong to the tenant acted on
        if ((newName is not null && newName != tenant.Name) || changed.Count > 0)
        {
            var details = new Dictionary<string, string?> { ["settings"] = changed.Count > 0 ? string.Join(",", changed) : null };
            if (newName is not null && newName != tenant.Name)
            {
                details["name"] = newName;
                tenant.Name = newName;
            }
            ApplySettings(tenant, settings);
            audit.Add(http, AuditActions.TenantUpdate, "tenant", tenant.Id, details);
        }
        if (active is { } isActive && isActive != tenant.IsActive)
        {
            tenant.IsActive = isActive;
            audit.Add(http, isActive ? AuditActions.TenantActivate : AuditActions.TenantDeactivate, "tenant", tenant.Id,
                new() { ["slug"] = tenant.Slug });
        }
        await db.SaveChangesAsync(cancellationToken);
        directory.Invalidate(tenant.Id);
        origins.Forget(tenant.Id);
        return tenant;
    }

    /// <summary>The catalog index caches the tenant's currency with the catalog, so a new currency makes it rebuild.</summary>
    public static void ApplySettings(Tenant tenant, TenantSettings settings)
    {
        if (settings.Currency != tenant.Settings.Currency)
        {
            tenant.CatalogVersion++;
        }
        tenant.Settings = settings;
    }

    private static string? Name(string? name, PatchFields fields)
    {
        var trimmed = name?.Trim();
        if (trimmed is not { Length: > 0 and <= 200 } || trimmed.Any(char.IsControl))
        {
            fields.Fail("name", "name must be 1 to 200 characters without line breaks.");
            return null;
        }
        return trimmed;
    }
}
