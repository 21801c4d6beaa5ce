namespace SalesMate.Core.Entities;

/// <summary>
/// A one-time code sent by email (seed 003 <c>otp_links</c>). Only a keyed hash of the code is stored; it is bound to a
/// purpose and to the chat session that asked for it, and dies after use, expiry, too many wrong tries or a resend.
/// </summary>
public sealed class OtpLink : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Email { get; set; }

    /// <summary>link_session, delete_data or export.</summary>
    public required string Purpose { get; set; }
    public Guid? SessionId { get; set; }
    public required string OtpHash { get; set; }
    public int FailedAttempts { get; set; }
    public string? RequestedIp { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ConsumedAt { get; set; }

    /// <summary>Set when a newer code for the same email and purpose replaced this one, or when it was locked out.</summary>
    public DateTime? InvalidatedAt { get; set; }
}
