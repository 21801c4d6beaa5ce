using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>SQLite FTS5 (porter stemming, diacritics folded) ranked by bm25() with title and section weighted above the text.</summary>
public sealed class SqliteFullTextSearch : IFullTextSearch
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
        var words = $"{{title section text}} : ({QueryTerms.Fts5(terms)})";
        // bm25() is lower-is-better; it is negated so every full-text score reads higher-is-better. The scope column
        // has weight 0: it only restricts the match.
        if (documents is null)
        {
            // Ranked and cut inside FTS5 for the scope token; the join re-checks tenant and namespace on the top rows.
            var match = $"scope:\"{ScopeToken(scope)}\" AND ({words})";
            var top = await db.Database.SqlQuery<Row>($"""
                SELECT s.chunk_id AS "ChunkId", s.document_id AS "DocumentId", f.score AS "Score"
                FROM (SELECT rowid AS id, -bm25(document_chunks_fts, 2.0, 2.0, 1.0, 0.0) AS score FROM document_chunks_fts
                      WHERE document_chunks_fts MATCH {match} ORDER BY score DESC LIMIT {limit}) f
                JOIN document_chunk_search s ON s.id = f.id
                WHERE s.tenant_id = {tenantId} AND s.namespace = {ns}
                ORDER BY f.score DESC
                """).ToListAsync(cancellationToken);
            return top.Select(r => new FullTextHit(r.ChunkId, r.DocumentId, r.Score)).ToList();
        }
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT s.chunk_id AS "ChunkId", s.document_id AS "DocumentId", -bm25(document_chunks_fts, 2.0, 2.0, 1.0, 0.0) AS "Score"
            FROM document_chunks_fts JOIN document_chunk_search s ON s.id = document_chunks_fts.rowid
            WHERE document_chunks_fts MATCH {words} AND s.tenant_id = {tenantId} AND s.namespace = {ns}
              AND s.document_id IN (SELECT value FROM json_each({Ids(documents)}))
            ORDER BY "Score" DESC LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return rows.Select(r => new FullTextHit(r.ChunkId, r.DocumentId, r.Score)).ToList();
    }

    /// <summary>The scope token the triggers of migration 0011 write: 's', the tenant id's hex digits, the namespace's UTF-8 hex.</summary>
    internal static string ScopeToken(VectorScope scope) =>
        $"s{scope.TenantId:N}{Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(scope.Namespace))}";

    /// <summary>Ids in the form EF stores them in SQLite (upper-case text), as a JSON array for json_each().</summary>
    private static string Ids(IReadOnlySet<Guid> documents) =>
        JsonSerializer.Serialize(documents.Select(id => id.ToString("D").ToUpperInvariant()));

    private sealed record Row(Guid ChunkId, Guid DocumentId, double Score);
}
