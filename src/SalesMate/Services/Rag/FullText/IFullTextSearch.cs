using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>A passage found by words: higher scores are better (bm25 or ts_rank, comparable only within one query).</summary>
public readonly record struct FullTextHit(Guid ChunkId, Guid DocumentId, double Score);

/// <summary>
/// Keyword search over a namespace's passages, in the application database: SQLite FTS5 with bm25(), or PostgreSQL
/// tsvector + GIN with ts_rank(). The index is kept by triggers (migration 0011), so a chunk is searchable as soon as
/// it is saved. Every statement carries the tenant and namespace predicates.
/// </summary>
public interface IFullTextSearch
{
    Task<IReadOnlyList<FullTextHit>> SearchAsync(SalesMateDbContext db, VectorScope scope, string query, int limit,
        IReadOnlySet<Guid>? documents, CancellationToken cancellationToken);
}
