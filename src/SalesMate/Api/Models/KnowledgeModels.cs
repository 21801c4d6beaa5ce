using SalesMate.Core.Entities;

namespace SalesMate.Api.Models;

public sealed record DocumentResponse(
    Guid Id, string Namespace, string Title, string FileName, string Format, string? SourceUrl, long SizeBytes, string ContentHash,
    string Status, string? Error, int PageCount, int ChunkCount, IReadOnlyList<string> Tags, DateTime CreatedAt, DateTime UpdatedAt,
    DateTime? IndexedAt)
{
    public static DocumentResponse From(KnowledgeDocument d) => new(d.Id, d.Namespace, d.Title, d.FileName, d.Format, d.SourceUrl, d.SizeBytes,
        d.ContentHash, d.Status, d.Error, d.PageCount, d.ChunkCount, d.Tags, d.CreatedAt, d.UpdatedAt, d.IndexedAt);
}

/// <summary>One file of an upload: its document, and whether that document already existed with the same content.</summary>
public sealed record UploadedDocument(Guid Id, string FileName, string Title, string Status, bool Duplicate);

public sealed record UploadResponse(IReadOnlyList<UploadedDocument> Documents);

public sealed record ChunkResponse(Guid Id, int Ordinal, string Text, int? Page, string? Section, int StartOffset, int EndOffset, int TokenCount)
{
    public static ChunkResponse From(DocumentChunk c) => new(c.Id, c.Ordinal, c.Text, c.Page, c.Section, c.StartOffset, c.EndOffset, c.TokenCount);
}

public sealed record ChunksResponse(Guid DocumentId, IReadOnlyList<ChunkResponse> Chunks);
