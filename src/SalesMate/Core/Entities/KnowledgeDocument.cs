namespace SalesMate.Core.Entities;

/// <summary>
/// A file or web page in a tenant's knowledge base (seed 002 <c>documents</c>). The original is kept under a
/// generated name; its text lives in <see cref="DocumentChunk"/> rows, which retrieval searches.
/// </summary>
public sealed class KnowledgeDocument : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Retrieval namespace, "{tenant slug}/{agent}"; no query reaches another namespace.</summary>
    public required string Namespace { get; set; }
    public required string Title { get; set; }
    public required string FileName { get; set; }

    /// <summary>pdf, docx, txt, md, html or csv.</summary>
    public required string Format { get; set; }

    /// <summary>Path of the stored original relative to the upload folder (a generated name, never the client's).</summary>
    public string? StoredName { get; set; }
    public string? SourceUrl { get; set; }
    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the original bytes; the same content is stored once per namespace.</summary>
    public required string ContentHash { get; set; }

    /// <summary>queued, processing, ready or failed.</summary>
    public string Status { get; set; } = DocumentStatus.Queued;

    /// <summary>Why ingestion failed, in words an admin can act on.</summary>
    public string? Error { get; set; }
    public int PageCount { get; set; }
    public int ChunkCount { get; set; }
    public List<string> Tags { get; set; } = [];
    public Guid? UploadedByUserId { get; set; }

    /// <summary>Set when the document came from an approved contribution (seed 002), so its contributor is known.</summary>
    public Guid? ContributionId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? IndexedAt { get; set; }
}

public static class DocumentStatus
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Ready = "ready";
    public const string Failed = "failed";
}
