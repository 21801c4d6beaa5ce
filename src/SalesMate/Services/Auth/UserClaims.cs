using System.Security.Claims;

namespace SalesMate.Services.Auth;

/// <summary>Claim names of SalesMate access tokens and typed reads of them.</summary>
public static class UserClaims
{
    public const string UserId = "sub";
    public const string TenantId = "tid";
    public const string Role = "role";
    public const string SessionId = "sid";
    public const string Email = "email";

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.FindFirst(UserId) is not null;

    public static Guid? UserIdOrNull(this ClaimsPrincipal user) => GuidClaim(user, UserId);

    public static Guid RequiredUserId(this ClaimsPrincipal user) =>
        GuidClaim(user, UserId) ?? throw new Core.UnauthorizedException("Sign in first: send Authorization: Bearer <access token>.");

    public static Guid? TenantIdOrNull(this ClaimsPrincipal user) => GuidClaim(user, TenantId);

    public static Guid? SessionIdOrNull(this ClaimsPrincipal user) => GuidClaim(user, SessionId);

    public static string? RoleOrNull(this ClaimsPrincipal user) => user.FindFirst(Role)?.Value;

    private static Guid? GuidClaim(ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirst(type)?.Value, out var value) ? value : null;
}
