namespace SalesMate.Core.Entities;

/// <summary>Hits and misses of one lookup in a cache (the answer cache, or one batch of the embedding cache), for hit rates.</summary>
public sealed class CacheLookup : ITenantOwned
{
    public const string AnswerCache = "answer";
    public const string EmbeddingCache = "embedding";

    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Cache { get; set; }
    public int Hits { get; set; }
    public int Misses { get; set; }
    public DateTime CreatedAt { get; set; }
}
