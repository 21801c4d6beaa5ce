namespace SalesMate.Core.Entities;

/// <summary>Every email send attempt (seed 003 <c>email_events</c>). OTP emails store a body with the code removed.</summary>
public sealed class EmailEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? SessionId { get; set; }
    public required string ToEmail { get; set; }
    public required string Subject { get; set; }
    public string? Body { get; set; }

    /// <summary>otp, summary, lead, ...</summary>
    public required string Kind { get; set; }
    public required string Provider { get; set; }

    /// <summary>sent or failed.</summary>
    public required string Status { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? ProviderResponse { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
}
