using SalesMate.Database;

namespace SalesMate.Vector;

/// <summary>A tenant's retrieval namespace ("{tenant slug}/{agent}"). Every vector read and write names one; none crosses it.</summary>
public readonly record struct VectorScope(Guid TenantId, string Namespace);

/// <summary>A passage's vector (unit length).</summary>
public sealed record VectorRecord(Guid ChunkId, Guid DocumentId, float[] Vector);

/// <summary>A passage found by similarity: cosine similarity in [-1, 1], higher is closer.</summary>
public readonly record struct VectorHit(Guid ChunkId, Guid DocumentId, float Score);

/// <summary>
/// Where passage vectors are searched. The vectors themselves always live on <c>document_chunks.embedding</c> (the
/// source of truth); a store is an index over them, told about every change by the knowledge indexer, together with
/// the tenant's new <c>knowledge_version</c>.
/// </summary>
public interface IVectorStore
{
    /// <summary>memory or pgvector.</summary>
    string Name { get; }

    Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, long knowledgeVersion, CancellationToken cancellationToken);

    Task RemoveDocumentAsync(VectorScope scope, Guid documentId, long knowledgeVersion, CancellationToken cancellationToken);

    /// <summary>
    /// The namespace ready to search without <paramref name="db"/> (so a search can run while the context serves full
    /// text): the memory store's vectors at the tenant's current knowledge version, or pgvector's table. Runs in the
    /// scope's tenant only.
    /// </summary>
    Task<IVectorSearcher> OpenAsync(SalesMateDbContext db, VectorScope scope, int dimensions, CancellationToken cancellationToken);

    /// <summary>
    /// The <paramref name="limit"/> passages of <paramref name="scope"/> closest to <paramref name="query"/>, best first;
    /// only passages of <paramref name="documents"/> when given. <paramref name="db"/> is in the scope's tenant.
    /// </summary>
    async Task<IReadOnlyList<VectorHit>> SearchAsync(SalesMateDbContext db, VectorScope scope, float[] query, int limit,
        IReadOnlySet<Guid>? documents, CancellationToken cancellationToken) =>
        await (await OpenAsync(db, scope, query.Length, cancellationToken)).SearchAsync(query, limit, documents, cancellationToken);
}

/// <summary>One namespace's vectors, opened by <see cref="IVectorStore.OpenAsync"/>; safe to search from any thread.</summary>
public interface IVectorSearcher
{
    Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int limit, IReadOnlySet<Guid>? documents, CancellationToken cancellationToken);
}
