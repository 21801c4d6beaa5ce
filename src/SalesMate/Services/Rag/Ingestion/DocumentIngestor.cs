using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Takes one queued document from bytes to stored, indexed chunks: claim it (queued -> processing), parse the stored
/// original under the caps, chunk, replace its chunks and bump the tenant's knowledge version in one transaction, then
/// hand the chunks to <see cref="IKnowledgeIndexer"/> and mark it ready. Any failure leaves it failed with a readable
/// error. Runs in the document's tenant scope.
/// </summary>
public sealed class DocumentIngestor(
    SalesMateDbContext db,
    DocumentParsing parsing,
    UploadStore store,
    IKnowledgeIndexer indexer,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<DocumentIngestor> logger)
{
    /// <summary>
    /// Processes the document if it is queued, or processing since before <paramref name="abandonedBefore"/> (left by a
    /// stopped instance). Returns the document as it ended, or null when it is gone or another worker has it.
    /// </summary>
    public async Task<KnowledgeDocument?> ProcessAsync(Guid documentId, DateTime abandonedBefore, IProgress<int>? embedded, CancellationToken cancellationToken)
    {
        var now = Now();
        var claimed = await db.Documents
            .Where(d => d.Id == documentId && (d.Status == DocumentStatus.Queued || (d.Status == DocumentStatus.Processing && d.UpdatedAt < abandonedBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Processing).SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return null;
        }
        db.ChangeTracker.Clear(); // the claim ran in SQL; a copy tracked earlier in this scope would be stale
        var document = await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        if (document is null)
        {
            return null;
        }
        try
        {
            var chunks = await ParseAndSaveAsync(document, cancellationToken);
            // The indexer saves pending changes with the vectors, so the document turns ready in that same transaction.
            document.Status = DocumentStatus.Ready;
            document.Error = null;
            document.IndexedAt = document.UpdatedAt = Now();
            await indexer.IndexAsync(document, chunks, embedded, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Document {DocumentId} ingested: {Pages} pages, {Chunks} chunks", document.Id, document.PageCount, document.ChunkCount);
        }
        catch (DocumentParseException ex)
        {
            await FailAsync(document, ex.Message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not DbUpdateConcurrencyException)
        {
            logger.LogError(ex, "Indexing document {DocumentId} failed", document.Id);
            await FailAsync(document, $"The text was extracted but indexing failed ({ex.GetType().Name}): {Shorten(ex.Message)} Retry with reindex.", cancellationToken);
        }
        return document;
    }

    private async Task<List<DocumentChunk>> ParseAndSaveAsync(KnowledgeDocument document, CancellationToken cancellationToken)
    {
        if (document.StoredName is null || !store.Exists(document.StoredName))
        {
            throw new DocumentParseException("The stored original of this document is missing; upload the file again.");
        }
        var parsed = await parsing.ParseAsync(store.PathOf(document.StoredName), document.Format, cancellationToken);
        var settings = options.Value;
        var chunked = new Chunker(settings.ChunkTokens, settings.ChunkOverlap).Split(parsed.Blocks);

        var hadChunks = await db.DocumentChunks.AnyAsync(c => c.DocumentId == document.Id, cancellationToken);
        if (hadChunks)
        {
            await indexer.RemoveAsync(document, cancellationToken); // reindex: the old passages' vectors go first
        }
        var now = Now();
        var rows = chunked.Chunks.Select(c => new DocumentChunk
        {
            Id = Guid.CreateVersion7(),
            DocumentId = document.Id,
            Namespace = document.Namespace,
            Ordinal = c.Ordinal,
            Text = c.Text,
            Page = c.Page,
            Section = c.Section is { Length: > 500 } section ? section[..500] : c.Section,
            StartOffset = c.Start,
            EndOffset = c.End,
            TokenCount = c.Tokens,
            CreatedAt = now,
        }).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (hadChunks)
        {
            await db.DocumentChunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        }
        db.DocumentChunks.AddRange(rows);
        document.PageCount = parsed.PageCount;
        document.ChunkCount = rows.Count;
        if (parsed.Title is { Length: > 0 } title)
        {
            document.Title = title.Length > 300 ? title[..300] : title;
        }
        document.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await KnowledgeVersions.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        db.Attach(document);
        return rows;
    }

    private async Task FailAsync(KnowledgeDocument document, string error, CancellationToken cancellationToken)
    {
        logger.LogWarning("Document {DocumentId} failed: {Error}", document.Id, error);
        db.ChangeTracker.Clear();
        var now = Now();
        await db.Documents.Where(d => d.Id == document.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Failed).SetProperty(d => d.Error, error).SetProperty(d => d.UpdatedAt, now),
                cancellationToken);
        document.Status = DocumentStatus.Failed;
        document.Error = error;
        document.UpdatedAt = now;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
