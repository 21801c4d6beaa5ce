using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Services.Rag.Embeddings;

namespace SalesMate.Vector;

/// <summary>
/// The default vector store: search in process (<see cref="VectorMatrix"/>) over the vectors persisted on
/// <c>document_chunks</c>, exact up to the candidate cut of an int8 first pass whose candidates are re-ranked with the
/// float32 vectors (<see cref="VectorMatrix.TopReranked(ReadOnlySpan{float}, int, Func{int, bool}?)"/>). A namespace is loaded on its first search and tagged with the tenant's
/// <c>knowledge_version</c>; every search reads that version (one indexed lookup), so a change made on any instance
/// makes every other instance reload on its next query, while the instance that made it applies the change in place.
/// Same pattern as <see cref="CatalogIndex"/> with <c>catalog_version</c>.
/// </summary>
public sealed partial class MemoryVectorStore(EmbeddingService embeddings, ILogger<MemoryVectorStore> logger) : IVectorStore
{
    private readonly ConcurrentDictionary<VectorScope, NamespaceVectors> _namespaces = new();
    private readonly ConcurrentDictionary<VectorScope, SemaphoreSlim> _locks = new();

    public string Name => "memory";

    public async Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, long knowledgeVersion, CancellationToken cancellationToken)
    {
        var replaced = records.Select(r => r.ChunkId).ToHashSet();
        await ApplyAsync(scope, knowledgeVersion, current => current.Without(i => replaced.Contains(current.ChunkIds[i])).With(records), cancellationToken);
    }

    public Task RemoveDocumentAsync(VectorScope scope, Guid documentId, long knowledgeVersion, CancellationToken cancellationToken) =>
        ApplyAsync(scope, knowledgeVersion, current => current.Without(i => current.DocumentIds[i] == documentId), cancellationToken);

    public async Task<IVectorSearcher> OpenAsync(SalesMateDbContext db, VectorScope scope, int dimensions, CancellationToken cancellationToken) =>
        await GetAsync(db, scope, cancellationToken);

    /// <summary>The namespace's vectors at the tenant's current knowledge version, loading them when stale or absent.</summary>
    internal async Task<NamespaceVectors> GetAsync(SalesMateDbContext db, VectorScope scope, CancellationToken cancellationToken)
    {
        if (scope.TenantId != db.CurrentTenantId)
        {
            throw new InvalidOperationException("A vector search must run in its namespace's tenant.");
        }
        var version = await db.Tenants.AsNoTracking().Where(t => t.Id == scope.TenantId).Select(t => t.KnowledgeVersion).FirstAsync(cancellationToken);
        if (_namespaces.TryGetValue(scope, out var current) && current.Version == version)
        {
            return current;
        }
        var gate = _locks.GetOrAdd(scope, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_namespaces.TryGetValue(scope, out current) && current.Version == version)
            {
                return current;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // The version was read before the rows: a change committed in between makes the next search reload again.
            var loaded = await LoadAsync(db, scope, version, cancellationToken);
            _namespaces[scope] = loaded;
            LogLoaded(logger, scope.Namespace, loaded.Matrix.Count, version, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return loaded;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<NamespaceVectors> LoadAsync(SalesMateDbContext db, VectorScope scope, long version, CancellationToken cancellationToken)
    {
        var model = embeddings.ModelKey;
        var chunkIds = new List<Guid>();
        var documentIds = new List<Guid>();
        var values = Array.Empty<float>();
        var dimensions = 0;
        var rows = db.DocumentChunks.AsNoTracking()
            .Where(c => c.Namespace == scope.Namespace && c.EmbeddingModel == model && c.Embedding != null)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.DocumentId, c.Embedding })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var length = row.Embedding!.Length / sizeof(float);
            if (dimensions == 0)
            {
                dimensions = length;
            }
            if (length != dimensions)
            {
                continue;
            }
            var offset = chunkIds.Count * dimensions;
            if (offset + dimensions > values.Length)
            {
                Array.Resize(ref values, Math.Max(1024 * dimensions, values.Length * 2));
            }
            VectorBytes.CopyTo(row.Embedding, values.AsSpan(offset, dimensions));
            chunkIds.Add(row.Id);
            documentIds.Add(row.DocumentId);
        }
        var matrix = new VectorMatrix(dimensions, values, chunkIds.Count);
        matrix.PrepareReranked();
        return new NamespaceVectors(version, [.. chunkIds], [.. documentIds], matrix);
    }

    /// <summary>
    /// Applies a change this instance just committed at <paramref name="version"/> to a namespace loaded at the version
    /// before; other namespaces of the tenant at that version move along unchanged. Anything else is dropped and reloads.
    /// </summary>
    private async Task ApplyAsync(VectorScope scope, long version, Func<NamespaceVectors, NamespaceVectors> change, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(scope, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_namespaces.TryGetValue(scope, out var current))
            {
                if (current.Version == version - 1)
                {
                    _namespaces[scope] = change(current) with { Version = version };
                }
                else if (current.Version < version)
                {
                    _namespaces.TryRemove(scope, out _);
                }
            }
        }
        finally
        {
            gate.Release();
        }
        foreach (var (other, vectors) in _namespaces)
        {
            if (other.TenantId == scope.TenantId && other != scope && vectors.Version == version - 1)
            {
                _namespaces.TryUpdate(other, vectors with { Version = version }, vectors);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vectors of namespace {Namespace} loaded: {Count} passages at knowledge version {Version} in {LatencyMs} ms")]
    private static partial void LogLoaded(ILogger logger, string @namespace, int count, long version, double latencyMs);

    internal sealed record NamespaceVectors(long Version, Guid[] ChunkIds, Guid[] DocumentIds, VectorMatrix Matrix) : IVectorSearcher
    {
        public Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int limit, IReadOnlySet<Guid>? documents, CancellationToken cancellationToken)
        {
            if (Matrix.Count == 0 || query.Length != Matrix.Dimensions)
            {
                return Task.FromResult<IReadOnlyList<VectorHit>>([]);
            }
            var ids = DocumentIds;
            IReadOnlyList<VectorHit> hits = Matrix.TopReranked(query, limit, documents is null ? null : row => documents.Contains(ids[row]))
                .Select(hit => new VectorHit(ChunkIds[hit.Row], ids[hit.Row], hit.Score))
                .ToList();
            return Task.FromResult(hits);
        }

        public NamespaceVectors Without(Func<int, bool> remove)
        {
            var keep = Enumerable.Range(0, ChunkIds.Length).Where(i => !remove(i)).ToArray();
            if (keep.Length == ChunkIds.Length)
            {
                return this;
            }
            var d = Matrix.Dimensions;
            var values = new float[keep.Length * d];
            for (var j = 0; j < keep.Length; j++)
            {
                Matrix.Row(keep[j]).CopyTo(values.AsSpan(j * d, d));
            }
            return this with
            {
                ChunkIds = [.. keep.Select(i => ChunkIds[i])],
                DocumentIds = [.. keep.Select(i => DocumentIds[i])],
                Matrix = new VectorMatrix(d, values, keep.Length),
            };
        }

        public NamespaceVectors With(IReadOnlyList<VectorRecord> records)
        {
            if (records.Count == 0)
            {
                return this;
            }
            var d = Matrix.Count == 0 ? records[0].Vector.Length : Matrix.Dimensions;
            var added = records.Where(r => r.Vector.Length == d).ToList();
            var values = new float[(Matrix.Count + added.Count) * d];
            for (var i = 0; i < Matrix.Count; i++)
            {
                Matrix.Row(i).CopyTo(values.AsSpan(i * d, d));
            }
            for (var j = 0; j < added.Count; j++)
            {
                added[j].Vector.CopyTo(values.AsSpan((Matrix.Count + j) * d, d));
            }
            return this with
            {
                ChunkIds = [.. ChunkIds, .. added.Select(r => r.ChunkId)],
                DocumentIds = [.. DocumentIds, .. added.Select(r => r.DocumentId)],
                Matrix = new VectorMatrix(d, values, Matrix.Count + added.Count),
            };
        }
    }
}
