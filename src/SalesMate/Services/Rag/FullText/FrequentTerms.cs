using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// Drops the question's words found in more than a fifth of the namespace's passages when rarer ones remain (what the
/// catalog's BM25 does): such a word barely moves the ranking (its idf is small), but every passage containing it has
/// to be scored, because neither FTS5 nor PostgreSQL prunes an OR query to its top k. Only from 2,000 passages on,
/// where that cost shows; smaller namespaces keep every word.
/// </summary>
internal static class FrequentTerms
{
    public const int MinPassages = 2_000;
    public const double MaxShare = 0.2;

    /// <param name="countUpTo">The number of the namespace's passages containing a word, counting no further than the given cap.</param>
    public static async Task<IReadOnlyList<string>> DropAsync(SalesMateDbContext db, VectorScope scope, IReadOnlyList<string> terms,
        Func<string, int, Task<int>> countUpTo, CancellationToken cancellationToken)
    {
        if (terms.Count < 2)
        {
            return terms;
        }
        var tenantId = scope.TenantId;
        var ns = scope.Namespace;
        var passages = await db.Database.SqlQuery<long>($"""
            SELECT coalesce(sum(chunk_count), 0) AS "Value" FROM documents WHERE tenant_id = {tenantId} AND namespace = {ns}
            """).SingleAsync(cancellationToken);
        if (passages < MinPassages)
        {
            return terms;
        }
        var cap = (int)(passages * MaxShare) + 1;
        var kept = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            if (await countUpTo(term, cap) < cap)
            {
                kept.Add(term);
            }
        }
        return kept.Count == 0 ? terms : kept;
    }
}
