using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// How many of a namespace's passages contain a word, counted inside FTS5 up to a cap (no ranking, so far cheaper per
/// row than the bm25 query). The scope token (tenant id and namespace, written by the triggers of migration 0011) is the
/// tenant restriction: FTS5 has no tenant_id column.
/// </summary>
internal static class SqliteTermCounts
{
    public static Task<int> CountUpToAsync(SalesMateDbContext db, VectorScope scope, string term, int cap, CancellationToken cancellationToken)
    {
        var match = $"scope:\"{SqliteFullTextSearch.ScopeToken(scope)}\" AND ({{title section text}} : {QueryTerms.Fts5([term])})";
        return db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM (SELECT 1 FROM document_chunks_fts WHERE document_chunks_fts MATCH {match} LIMIT {cap}) t
            """).SingleAsync(cancellationToken);
    }
}
