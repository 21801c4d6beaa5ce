namespace SalesMate.Core.Entities;

/// <summary>
/// Knowledge a user submits (seed 002 <c>contributions</c>): pending until a tenant_admin approves it (then it is
/// ingested as a document crediting the contributor) or rejects it (then it never reaches retrieval).
/// </summary>
public sealed class Contribution : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Namespace { get; set; }
    public Guid? UserId { get; set; }
    public Guid? SessionId { get; set; }
    public string? Email { get; set; }
    public required string Title { get; set; }
    public string? Category { get; set; }

    /// <summary>Text contributions keep their text here; file contributions keep the stored file.</summary>
    public string? Text { get; set; }
    public string? FileName { get; set; }
    public string? StoredName { get; set; }

    /// <summary>pending, approved or rejected.</summary>
    public string Status { get; set; } = ContributionStatus.Pending;
    public Guid? ReviewedByUserId { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }

    /// <summary>The document created on approval.</summary>
    public Guid? DocumentId { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class ContributionStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}
