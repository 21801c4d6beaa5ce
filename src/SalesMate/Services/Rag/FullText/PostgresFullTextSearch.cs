using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// PostgreSQL full text: the 'english' configuration, GIN index on document_chunk_search.search, ranked by ts_rank
/// (term frequency). Not ts_rank_cd (cover density: query words close together), which ranked the labelled documents
/// set lower (nDCG@10 0.778 vs 0.814, docs/BENCHMARKS.md); short natural questions rarely give close covers.
/// </summary>
public sealed class PostgresFullTextSearch : IFullTextSearch
{
    public async Task<IReadOnlyList<FullTextHit>> SearchAsync(SalesMateDbContext db, VectorScope scope, string query, int limit,
        IReadOnlySet<Guid>? documents, CancellationToken cancellationToken)
    {
        var terms = QueryTerms.Of(query);
        if (terms.Count == 0 || limit <= 0 || scope.TenantId != db.CurrentTenantId)
        {
            return [];
        }
        var tenantId = scope.TenantId;
        var ns = scope.Namespace;
        var tsquery = QueryTerms.TsQuery(terms);
        var filtered = documents is not null;
        var allowed = documents?.ToArray() ?? [];
        // Normalisation 1 divides the rank by 1 + log(length), so long passages do not win by size alone.
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT s.chunk_id AS "ChunkId", s.document_id AS "DocumentId", ts_rank(s.search, q, 1)::float8 AS "Score"
            FROM document_chunk_search s, to_tsquery('english', {tsquery}) q
            WHERE s.search @@ q AND s.tenant_id = {tenantId} AND s.namespace = {ns}
              AND (NOT {filtered} OR s.document_id = ANY({allowed}))
            ORDER BY 3 DESC, s.chunk_id LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return rows.Select(r => new FullTextHit(r.ChunkId, r.DocumentId, r.Score)).ToList();
    }

    private sealed record Row(Guid ChunkId, Guid DocumentId, double Score);
}
