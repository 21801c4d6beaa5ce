using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>Deleting and re-indexing a document of the current tenant.</summary>
public sealed class KnowledgeDocumentService(SalesMateDbContext db, IKnowledgeIndexer indexer, UploadStore store, TimeProvider clock)
{
    /// <summary>
    /// Removes the document's vectors everywhere, its chunks and row (bumping the knowledge version), then its stored file.
    /// Inside a transaction the caller already opened (privacy deletion) it joins that one.
    /// </summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
                       ?? throw new NotFoundException("Document", id);
        await indexer.RemoveAsync(document, cancellationToken);
        await using (var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken))
        {
            await db.DocumentChunks.Where(c => c.DocumentId == id).ExecuteDeleteAsync(cancellationToken);
            await db.Documents.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken);
            await KnowledgeVersions.BumpAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        store.Delete(document.StoredName);
    }

    /// <summary>
    /// Queues the document to be parsed, chunked and indexed again (after a failure, or with new chunk settings).
    /// A document already queued or processing is left as it is.
    /// </summary>
    public async Task<KnowledgeDocument> RequeueAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Documents.Where(d => d.Id == id && (d.Status == DocumentStatus.Ready || d.Status == DocumentStatus.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Queued).SetProperty(d => d.Error, (string?)null)
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken)
                       ?? throw new NotFoundException("Document", id);
        if (changed == 0 && document.Status is DocumentStatus.Ready or DocumentStatus.Failed)
        {
            throw new ConflictException("The document changed while it was being queued; retry.");
        }
        return document;
    }
}
