namespace SalesMate.Core.Entities;

/// <summary>An embedding computed once per (model, text hash) for a tenant, so re-ingesting or re-asking costs no call.</summary>
public sealed class EmbeddingCacheEntry : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Model { get; set; }

    /// <summary>SHA-256 of the embedded text; the text itself is not stored here.</summary>
    public required string TextHash { get; set; }
    public required byte[] Vector { get; set; }
    public DateTime CreatedAt { get; set; }
}
