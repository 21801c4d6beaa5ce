using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/admin/users: the users of the current tenant (tenant_admin; a super_admin names the tenant).</summary>
public static class AdminUserEndpoints
{
    public static RouteGroupBuilder MapAdminUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/users").WithTags("Admin").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapGet("/", List).WithName("AdminListUsers");
        group.MapPost("/", Invite).WithName("AdminInviteUser");
        group.MapGet("/{id:guid}", Get).WithName("AdminGetUser");
        group.MapPatch("/{id:guid}", Update).WithName("AdminUpdateUser");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<AdminUserResponse>>> List(UserAdministration users, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<AdminUserResponse>>((await users.ListAsync(cancellationToken)).Select(AdminUserResponse.From).ToList());

    public static async Task<Created<AdminUserResponse>> Invite(InviteUserRequest request, HttpContext http, UserAdministration users,
        CancellationToken cancellationToken)
    {
        var user = await users.InviteAsync(http, request.Email, request.Role, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/users/{user.Id}", AdminUserResponse.From(user));
    }

    public static async Task<Ok<AdminUserResponse>> Get(Guid id, UserAdministration users, CancellationToken cancellationToken) =>
        TypedResults.Ok(AdminUserResponse.From(await users.GetAsync(id, cancellationToken)));

    public static async Task<Ok<AdminUserResponse>> Update(Guid id, UpdateUserRequest request, HttpContext http, UserAdministration users,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(AdminUserResponse.From(await users.UpdateAsync(http, id, request.Role, request.Active, cancellationToken)));
}
