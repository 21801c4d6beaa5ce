using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;
using SalesMate.Services.Tenancy;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/admin/tenants: every tenant, for super_admins only (these routes act across tenants).</summary>
public static class AdminTenantEndpoints
{
    public static RouteGroupBuilder MapAdminTenantEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/tenants").WithTags("Admin").RequireAuthorization(AuthPolicies.SuperAdmin);
        group.MapGet("/", List).WithName("AdminListTenants");
        group.MapPost("/", Create).WithName("AdminCreateTenant");
        group.MapGet("/{id:guid}", Get).WithName("AdminGetTenant");
        group.MapPatch("/{id:guid}", Update).WithName("AdminUpdateTenant");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<TenantResponse>>> List(TenantAdministration tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<TenantResponse>>((await tenants.ListAsync(cancellationToken)).Select(TenantResponse.From).ToList());

    public static async Task<Created<CreatedTenantResponse>> Create(CreateTenantRequest request, HttpContext http, TenantAdministration tenants,
        CancellationToken cancellationToken)
    {
        var created = await tenants.CreateAsync(http, request.Name, request.Slug, request.Settings, request.AdminEmail, cancellationToken);
        var slug = created.Tenant.Slug;
        return TypedResults.Created($"/api/v1/admin/tenants/{created.Tenant.Id}", new CreatedTenantResponse(
            TenantResponse.From(created.Tenant),
            created.Agents.Select(a => AgentResponse.From(AgentDefaults.Settings(a.Agent, a, slug))).ToList(),
            created.InvitedAdmin is { } admin ? AdminUserResponse.From(admin) : null));
    }

    public static async Task<Ok<TenantResponse>> Get(Guid id, TenantAdministration tenants, CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantResponse.From(await tenants.GetAsync(id, cancellationToken)));

    public static async Task<Ok<TenantResponse>> Update(Guid id, UpdateTenantRequest request, HttpContext http, TenantAdministration tenants,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantResponse.From(await tenants.UpdateAsync(http, id, request.Name, request.Active, request.Settings, cancellationToken)));
}
