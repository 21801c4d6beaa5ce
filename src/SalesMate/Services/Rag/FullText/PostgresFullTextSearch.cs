using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// PostgreSQL full text: the 'english' configuration, GIN index on document_chunk_search.search, ranked by ts_rank
/// (term frequency). Not ts_rank_cd: cover density walks every match's positions to find where the query words sit
/// close together, costs markedly more per matching row, and ranked the labelled set no better (docs/BENCHMARKS.md).
/// </summary>
public sealed class PostgresFullTextSearch : IFullTextSearch
{
    /// <summary>See <see cref="FrequentTerms"/>; off only to measure its effect (bench).</summary>
    internal bool DropFrequentTerms { get; init; } = true;

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
        if (DropFrequentTerms)
        {
            terms = await FrequentTerms.DropAsync(db, scope, terms, (term, cap) => db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM (SELECT 1 FROM document_chunk_search
                WHERE tenant_id = {tenantId} AND namespace = {ns} AND search @@ to_tsquery('english', {term}) LIMIT {cap}) t
                """).SingleAsync(cancellationToken), cancellationToken);
        }
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
