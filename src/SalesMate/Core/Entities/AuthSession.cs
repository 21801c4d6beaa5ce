namespace SalesMate.Core.Entities;

/// <summary>
/// A signed-in session of an account: one refresh-token family. Access tokens carry its id (<c>sid</c>), so revoking the
/// session (logout, password change, deactivation, refresh-token reuse) ends every token issued under it.
/// </summary>
public sealed class AuthSession : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Absolute end of the family: rotating refresh tokens never extends it.</summary>
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>logout, password_change, deactivated, refresh_reuse, admin.</summary>
    public string? RevokedReason { get; set; }
    public string? UserAgent { get; set; }
    public string? IpAddress { get; set; }
}

/// <summary>One refresh token of a session; only its SHA-256 is stored, and each is accepted once.</summary>
public sealed class RefreshToken : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SessionId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Set when the token was exchanged; presenting it again revokes the whole session.</summary>
    public DateTime? UsedAt { get; set; }
}
