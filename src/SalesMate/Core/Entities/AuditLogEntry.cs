namespace SalesMate.Core.Entities;

/// <summary>An administrative action (who did what to which record), kept per tenant.</summary>
public sealed class AuditLogEntry : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? ActorUserId { get; set; }
    public string? ActorEmail { get; set; }

    /// <summary>Dotted verb, e.g. tenant.create, user.role_change, api_key.revoke.</summary>
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public Dictionary<string, string?> Details { get; set; } = [];
    public string? IpAddress { get; set; }
    public DateTime CreatedAt { get; set; }
}
