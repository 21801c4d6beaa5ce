using Microsoft.AspNetCore.Authorization;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Auth;

/// <summary>The authorization policies every protected route names; roles are checked on the server only here.</summary>
public static class AuthPolicies
{
    public const string SignedIn = "signed_in";
    public const string Sales = "sales";
    public const string TenantAdmin = "tenant_admin";
    public const string SuperAdmin = "super_admin";

    public static AuthorizationBuilder AddSalesMatePolicies(this AuthorizationBuilder builder) => builder
        .AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireClaim(UserClaims.UserId))
        .AddPolicy(Sales, p => p.RequireAuthenticatedUser().RequireClaim(UserClaims.Role, Roles.Sales, Roles.TenantAdmin, Roles.SuperAdmin))
        .AddPolicy(TenantAdmin, p => p.RequireAuthenticatedUser().RequireClaim(UserClaims.Role, Roles.TenantAdmin, Roles.SuperAdmin))
        .AddPolicy(SuperAdmin, p => p.RequireAuthenticatedUser().RequireClaim(UserClaims.Role, Roles.SuperAdmin));
}
