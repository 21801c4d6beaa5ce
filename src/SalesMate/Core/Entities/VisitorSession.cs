namespace SalesMate.Core.Entities;

/// <summary>A chat session (seed 003 <c>sessions</c>): anonymous by default; its token is what proves ownership of conversations.</summary>
public sealed class VisitorSession : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>SHA-256 of the session token; the token itself is only ever held by the client.</summary>
    public required string TokenHash { get; set; }
    public string? Email { get; set; }
    public bool IsAnonymous { get; set; } = true;
    public Guid? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastActivityAt { get; set; }
}
