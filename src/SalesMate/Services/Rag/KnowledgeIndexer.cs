using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Vector;

namespace SalesMate.Services.Rag;

/// <summary>
/// Makes stored chunks searchable. Full text needs nothing here: database triggers (migration 0011) index every chunk
/// row as it is written. This embeds the chunks that have no vector of the current model yet (in batches, through the
/// embedding cache), writes the vectors onto the chunk rows and bumps the tenant's knowledge version in one transaction,
/// then tells the vector store. Scoped: runs in the document's tenant (the scope's <see cref="SalesMateDbContext"/>).
/// </summary>
public sealed partial class KnowledgeIndexer(
    SalesMateDbContext db,
    EmbeddingService embeddings,
    IVectorStore vectors,
    ILogger<KnowledgeIndexer> logger) : IKnowledgeIndexer
{
    /// <remarks>Saves the context's other pending changes in the same transaction (e.g. the document's status).</remarks>
    public async Task IndexAsync(KnowledgeDocument document, IReadOnlyList<DocumentChunk> chunks, IProgress<int>? embedded,
        CancellationToken cancellationToken)
    {
        EnsureTenant(document);
        var model = embeddings.ModelKey;
        var pending = chunks.Where(c => c.Embedding is null || c.EmbeddingModel != model).ToList();
        var fresh = await embeddings.EmbedAsync(db, pending.Select(c => c.Text).ToList(), embedded, cancellationToken);
        var records = new List<VectorRecord>(chunks.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            var bytes = VectorBytes.ToBytes(fresh[i]);
            foreach (var chunk in new[] { pending[i], Track(pending[i]) })
            {
                chunk.Embedding = bytes;
                chunk.EmbeddingModel = model;
            }
        }
        foreach (var chunk in chunks.Where(c => c.Embedding is not null && c.EmbeddingModel == model))
        {
            records.Add(new VectorRecord(chunk.Id, chunk.DocumentId, VectorBytes.ToFloats(chunk.Embedding!)));
        }

        var scope = new VectorScope(document.TenantId, document.Namespace);
        var version = await SaveWithNewVersionAsync(cancellationToken);
        await vectors.UpsertAsync(scope, records, version, cancellationToken);
        LogIndexed(logger, document.Id, chunks.Count, pending.Count, model, version);
    }

    /// <summary>
    /// Deletes the document's chunks (their full-text rows go with them) and its vectors in every store. Joins a
    /// transaction the caller opened; should that one roll back, the memory store sees the old knowledge version and reloads.
    /// </summary>
    public async Task RemoveAsync(KnowledgeDocument document, CancellationToken cancellationToken)
    {
        EnsureTenant(document);
        await using var transaction = await OwnedTransaction.BeginAsync(db, cancellationToken);
        await db.DocumentChunks.Where(c => c.DocumentId == document.Id).ExecuteDeleteAsync(cancellationToken);
        var version = await KnowledgeVersions.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await vectors.RemoveDocumentAsync(new VectorScope(document.TenantId, document.Namespace), document.Id, version, cancellationToken);
        LogRemoved(logger, document.Id, version);
    }

    private async Task<long> SaveWithNewVersionAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        var version = await KnowledgeVersions.BumpAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>The chunk as tracked by this context: the caller's instance, or a tracked copy with the same id.</summary>
    private DocumentChunk Track(DocumentChunk chunk)
    {
        var entry = db.Entry(chunk);
        if (entry.State != EntityState.Detached)
        {
            return chunk;
        }
        var tracked = db.DocumentChunks.Local.FirstOrDefault(c => c.Id == chunk.Id);
        if (tracked is not null)
        {
            return tracked;
        }
        db.DocumentChunks.Attach(chunk);
        return chunk;
    }

    private void EnsureTenant(KnowledgeDocument document)
    {
        if (document.TenantId != db.CurrentTenantId)
        {
            throw new InvalidOperationException("A document is indexed in its own tenant's scope.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed document {DocumentId}: {Chunks} chunks, {Embedded} embedded with {Model}, knowledge version {Version}")]
    private static partial void LogIndexed(ILogger logger, Guid documentId, int chunks, int embedded, string model, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed document {DocumentId} from retrieval, knowledge version {Version}")]
    private static partial void LogRemoved(ILogger logger, Guid documentId, long version);
}
