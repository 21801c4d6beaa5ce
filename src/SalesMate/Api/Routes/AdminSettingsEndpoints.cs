using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;

namespace SalesMate.Api.Routes;

public sealed record TenantSettingsResponse(Guid TenantId, string Name, string Slug, TenantSettings Settings);

/// <summary>
/// /api/v1/admin/settings: the current tenant's own settings; PATCH takes a JSON merge patch of them. The monthly LLM budget
/// is shown but only a super_admin may change it.
/// </summary>
public static class AdminSettingsEndpoints
{
    public static RouteGroupBuilder MapAdminSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/settings").WithTags("Admin").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapGet("/", Get).WithName("AdminGetSettings");
        group.MapPatch("/", Update).WithName("AdminUpdateSettings");
        return group;
    }

    public static async Task<Ok<TenantSettingsResponse>> Get(SalesMateDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(From(await CurrentAsync(db, cancellationToken)));

    public static async Task<Ok<TenantSettingsResponse>> Update(JsonElement patch, HttpContext http, SalesMateDbContext db,
        TenantAdministration tenants, AuditLog audit, Middleware.TenantOrigins origins, CancellationToken cancellationToken)
    {
        var tenant = await CurrentAsync(db, cancellationToken);
        var fields = new PatchFields();
        var (settings, changed) = TenantSettingsPatch.Apply(tenant.Settings, patch, tenants.Currencies, fields);
        fields.ThrowIfInvalid();
        if (settings.MonthlyBudgetUsd != tenant.Settings.MonthlyBudgetUsd && http.User.RoleOrNull() != Roles.SuperAdmin)
        {
            // The budget caps what the operator pays the provider for this tenant, so the tenant cannot lift it itself.
            throw new Core.ForbiddenException("settings.monthly_budget_usd is the operator's spending limit for this tenant: only a super_admin can change it.");
        }
        if (changed.Count > 0)
        {
            TenantAdministration.ApplySettings(tenant, settings);
            audit.Add(http, AuditActions.SettingsUpdate, "tenant", tenant.Id, new() { ["settings"] = string.Join(",", changed) });
            await db.SaveChangesAsync(cancellationToken);
            origins.Forget(tenant.Id); // CORS and frame-ancestors follow a change of allowed origins at once
        }
        return TypedResults.Ok(From(tenant));
    }

    private static Task<Tenant> CurrentAsync(SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        return db.Tenants.FirstAsync(t => t.Id == tenantId, cancellationToken);
    }

    private static TenantSettingsResponse From(Tenant tenant) => new(tenant.Id, tenant.Name, tenant.Slug, tenant.Settings);
}
