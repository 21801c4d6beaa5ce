namespace SalesMate.Core.Entities;

/// <summary>A passage of a document: the unit of retrieval and of citation (document, page, section, offsets).</summary>
public sealed class DocumentChunk : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid DocumentId { get; set; }
    public required string Namespace { get; set; }

    /// <summary>Position of the chunk in its document, from 0.</summary>
    public int Ordinal { get; set; }
    public required string Text { get; set; }

    /// <summary>1-based page for paged formats (PDF); null otherwise.</summary>
    public int? Page { get; set; }

    /// <summary>The nearest heading above the passage, for citations ("Warranty > Laptops").</summary>
    public string? Section { get; set; }

    /// <summary>Character offsets of the passage in the document's extracted text.</summary>
    public int StartOffset { get; set; }
    public int EndOffset { get; set; }
    public int TokenCount { get; set; }

    /// <summary>The passage's embedding as little-endian float32 values; null until it is embedded.</summary>
    public byte[]? Embedding { get; set; }
    public string? EmbeddingModel { get; set; }
    public DateTime CreatedAt { get; set; }
}
