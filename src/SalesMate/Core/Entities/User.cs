namespace SalesMate.Core.Entities;

public sealed class User : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Email { get; set; }
    public string? DisplayName { get; set; }
    public string? PasswordHash { get; set; }
    public string Role { get; set; } = Roles.User;
    public bool IsActive { get; set; } = true;

    /// <summary>Null until the address is proven by a code sent to it; unverified accounts cannot sign in.</summary>
    public DateTime? EmailVerifiedAt { get; set; }
    public DateTime? PasswordChangedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastActiveAt { get; set; }
}

public static class Roles
{
    public const string SuperAdmin = "super_admin";
    public const string TenantAdmin = "tenant_admin";
    public const string Sales = "sales";
    public const string User = "user";
}
