using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

/// <summary>Reads of the current tenant's knowledge documents (the DbContext's tenant filter applies).</summary>
public sealed class KnowledgeDocumentRepository(SalesMateDbContext db)
{
    public static readonly IReadOnlyList<string> Statuses = [DocumentStatus.Queued, DocumentStatus.Processing, DocumentStatus.Ready, DocumentStatus.Failed];

    public async Task<(IReadOnlyList<KnowledgeDocument> Items, int Total)> ListAsync(string? status, string? @namespace, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var query = db.Documents.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(d => d.Status == status);
        }
        if (@namespace is not null)
        {
            query = query.Where(d => d.Namespace == @namespace);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Skip(Paging.Skip(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<KnowledgeDocument?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);

    public async Task<IReadOnlyList<DocumentChunk>> ChunksAsync(Guid documentId, CancellationToken cancellationToken) =>
        await db.DocumentChunks.AsNoTracking().Where(c => c.DocumentId == documentId).OrderBy(c => c.Ordinal).ToListAsync(cancellationToken);
}
