using SalesMate.Core.Entities;

namespace SalesMate.Services.Rag;

/// <summary>
/// Makes a document's stored chunks searchable (embeddings, vector store, full text) and takes them out again.
/// Ingestion calls it after it has saved the chunks; it runs in the document's tenant scope.
/// </summary>
public interface IKnowledgeIndexer
{
    /// <summary>Embeds the chunks that have no embedding yet, updates the namespace's vectors and bumps the tenant's knowledge version.</summary>
    Task IndexAsync(KnowledgeDocument document, IReadOnlyList<DocumentChunk> chunks, IProgress<int>? embedded, CancellationToken cancellationToken);

    /// <summary>Removes the document's vectors everywhere (in-process store, pgvector) and bumps the knowledge version.</summary>
    Task RemoveAsync(KnowledgeDocument document, CancellationToken cancellationToken);
}
