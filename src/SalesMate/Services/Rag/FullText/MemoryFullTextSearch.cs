using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// Full text for large namespaces from an in-process index (<see cref="PassageTextIndex"/>, FTS5's bm25 computed over
/// posting lists), small ones from the database (<paramref name="database"/>: FTS5 or PostgreSQL). FTS5 and PostgreSQL
/// rank every passage holding any query word, one row at a time, which at 100k passages set the hybrid tail; the
/// in-process index walks the words' postings instead. A namespace with at least
/// <c>retrieval.memory_full_text_min_passages</c> passages is indexed on its first search and tagged with the tenant's
/// <c>knowledge_version</c>, read on every search (the <see cref="MemoryVectorStore"/> pattern), so any change on any
/// instance makes the next search rebuild. While one search rebuilds, the others of that namespace ask the database.
/// </summary>
public sealed partial class MemoryFullTextSearch(
    IFullTextSearch database,
    IOptions<RetrievalOptions> options,
    ILogger<MemoryFullTextSearch> logger) : IFullTextSearch
{
    private readonly int _minPassages = options.Value.MemoryFullTextMinPassages;
    private readonly ConcurrentDictionary<VectorScope, Loaded> _namespaces = new();
    private readonly ConcurrentDictionary<VectorScope, SemaphoreSlim> _locks = new();

    public async Task<IReadOnlyList<FullTextHit>> SearchAsync(SalesMateDbContext db, VectorScope scope, string query, int limit,
        IReadOnlySet<Guid>? documents, CancellationToken cancellationToken)
    {
        if (scope.TenantId != db.CurrentTenantId || limit <= 0)
        {
            return [];
        }
        var index = await IndexAsync(db, scope, cancellationToken);
        if (index is null)
        {
            return await database.SearchAsync(db, scope, query, limit, documents, cancellationToken);
        }
        var hits = index.Top(QueryTerms.Of(query), limit, documents is null ? null : p => documents.Contains(index.DocumentIds[p]));
        return hits.Select(h => new FullTextHit(index.ChunkIds[h.Passage], index.DocumentIds[h.Passage], h.Score)).ToList();
    }

    /// <summary>The namespace's index at the tenant's current knowledge version; null when the database should answer.</summary>
    private async Task<PassageTextIndex?> IndexAsync(SalesMateDbContext db, VectorScope scope, CancellationToken cancellationToken)
    {
        var version = await db.Tenants.AsNoTracking().Where(t => t.Id == scope.TenantId).Select(t => t.KnowledgeVersion).FirstAsync(cancellationToken);
        if (_namespaces.TryGetValue(scope, out var current) && current.Version == version)
        {
            return current.Index;
        }
        var gate = _locks.GetOrAdd(scope, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, cancellationToken))
        {
            return null;
        }
        try
        {
            if (_namespaces.TryGetValue(scope, out current) && current.Version == version)
            {
                return current.Index;
            }
            // The version was read before the rows: a change committed in between makes the next search rebuild again.
            var passages = db.DocumentChunks.AsNoTracking().Where(c => c.Namespace == scope.Namespace);
            var count = await passages.CountAsync(cancellationToken);
            if (count < _minPassages)
            {
                _namespaces[scope] = new Loaded(version, null);
                return null;
            }
            var started = Stopwatch.GetTimestamp();
            var rows = passages
                .GroupJoin(db.Documents.AsNoTracking(), c => c.DocumentId, d => d.Id, (c, d) => new { c, d })
                .SelectMany(x => x.d.DefaultIfEmpty(), (x, d) => new IndexedPassage(x.c.Id, x.c.DocumentId, d!.Title, x.c.Section, x.c.Text))
                .AsAsyncEnumerable();
            var index = await PassageTextIndex.BuildAsync(rows, cancellationToken);
            _namespaces[scope] = new Loaded(version, index);
            LogLoaded(logger, scope.Namespace, index.Count, version, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed record Loaded(long Version, PassageTextIndex? Index);

    [LoggerMessage(Level = LogLevel.Information, Message = "Full-text index of namespace {Namespace} built in process: {Count} passages at knowledge version {Version} in {LatencyMs} ms")]
    private static partial void LogLoaded(ILogger logger, string @namespace, int count, long version, double latencyMs);
}
