namespace SalesMate.Core.Entities;

/// <summary>An Idempotency-Key seen on a write: the same key and body replay the stored answer.</summary>
public sealed class IdempotencyRecord : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SessionId { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    public string Status { get; set; } = "in_progress";
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
