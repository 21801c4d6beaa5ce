namespace SalesMate.Core.Entities;

/// <summary>
/// A knowledge answer kept for near-identical questions (seed 004 semantic cache), per tenant and namespace. It is
/// valid only for the knowledge version it was built from and until it expires.
/// </summary>
public sealed class AnswerCacheEntry : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Namespace { get; set; }

    /// <summary>The agent that answered: agents sharing a namespace do not share answers.</summary>
    public required string Agent { get; set; }
    public required string Question { get; set; }
    public required byte[] QuestionEmbedding { get; set; }
    public required string EmbeddingModel { get; set; }
    public required string Answer { get; set; }

    /// <summary>The cited sources as JSON, returned with a cached answer exactly as with a fresh one.</summary>
    public required string SourcesJson { get; set; }
    public long KnowledgeVersion { get; set; }
    public int HitCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
