using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Services.Rag.FullText;
using SalesMate.Vector;

namespace SalesMate.Services.Rag;

/// <summary>
/// Hybrid retrieval over a namespace's passages: full text (bm25 / ts_rank) and vector similarity, each taking
/// <c>retrieval.candidates</c>, fused by reciprocal rank fusion (<c>retrieval.rrf_k</c>, 60), restricted to ready
/// documents (and to the asked tags), top-k with scores and what a citation needs. Runs in the caller's tenant: the
/// namespace is looked up only within it. When the embeddings provider is down the answer still comes, from full text.
/// </summary>
public sealed partial class KnowledgeRetriever(
    IFullTextSearch fullText,
    IVectorStore vectors,
    EmbeddingService embeddings,
    IOptions<RetrievalOptions> options,
    ILogger<KnowledgeRetriever> logger)
{
    private readonly RetrievalOptions _options = options.Value;

    public async Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(SalesMateDbContext db, KnowledgeQuery query,
        CancellationToken cancellationToken)
    {
        var topK = Math.Clamp(query.TopK ?? _options.TopK, 1, 100);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            return [];
        }
        var scope = new VectorScope(db.CurrentTenantId, query.Namespace);
        var allowed = query.Tags.Count > 0 ? await DocumentsTaggedAsync(db, query, cancellationToken) : null;
        if (allowed is { Count: 0 })
        {
            return [];
        }
        // Candidates are fetched generously: some may belong to documents that are not ready or were just deleted.
        var candidates = Math.Max(_options.Candidates, topK * 2);
        // The vector scan runs on another thread while the context serves the full-text query: latency is the slower of
        // the two, not their sum.
        var searcher = query.Mode == RetrievalMode.FullText ? null : await OpenVectorsAsync(db, scope, query.Text, cancellationToken);
        var vectorSearch = searcher is null
            ? Task.FromResult<IReadOnlyList<VectorHit>>([])
            : Task.Run(() => searcher.Value.Searcher.SearchAsync(searcher.Value.Query, candidates, allowed, cancellationToken), cancellationToken);
        var textHits = query.Mode == RetrievalMode.Vector
            ? []
            : await fullText.SearchAsync(db, scope, query.Text, candidates, allowed, cancellationToken);
        var vectorHits = await vectorSearch;

        var ranked = query.Mode switch
        {
            RetrievalMode.FullText => textHits.Select((h, i) => (h.ChunkId, h.Score, new int?[] { i + 1, null })).ToList(),
            RetrievalMode.Vector => vectorHits.Select((h, i) => (h.ChunkId, (double)h.Score, new int?[] { null, i + 1 })).ToList(),
            _ => ReciprocalRankFusion.Fuse(_options.RrfK, textHits.Select(h => h.ChunkId).ToList(), vectorHits.Select(h => h.ChunkId).ToList()),
        };
        return await PassagesAsync(db, query, ranked, topK, cancellationToken);
    }

    /// <summary>The question's vector and the namespace's vectors opened for search; null when the embeddings provider failed.</summary>
    private async Task<(IVectorSearcher Searcher, float[] Query)?> OpenVectorsAsync(SalesMateDbContext db, VectorScope scope, string text,
        CancellationToken cancellationToken)
    {
        try
        {
            var vector = await embeddings.EmbedAsync(db, text, cancellationToken);
            return (await vectors.OpenAsync(db, scope, vector.Length, cancellationToken), vector);
        }
        catch (LlmUnavailableException exception)
        {
            LogVectorsUnavailable(logger, scope.Namespace, exception.Message);
            return null;
        }
    }

    private static async Task<IReadOnlySet<Guid>> DocumentsTaggedAsync(SalesMateDbContext db, KnowledgeQuery query, CancellationToken cancellationToken)
    {
        // Tags are JSON on both providers; a namespace has few enough documents to filter them here.
        var documents = await db.Documents.AsNoTracking()
            .Where(d => d.Namespace == query.Namespace && d.Status == DocumentStatus.Ready)
            .Select(d => new { d.Id, d.Tags })
            .ToListAsync(cancellationToken);
        return documents
            .Where(d => query.Tags.All(tag => d.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)))
            .Select(d => d.Id)
            .ToHashSet();
    }

    /// <summary>
    /// The best <paramref name="topK"/> ranked passages that still exist in ready documents, with their text and citation.
    /// Rows are read a window at a time (twice top-k), so a normal query reads only a few passages.
    /// </summary>
    private static async Task<IReadOnlyList<RetrievedPassage>> PassagesAsync(SalesMateDbContext db, KnowledgeQuery query,
        List<(Guid ChunkId, double Score, int?[] Ranks)> ranked, int topK, CancellationToken cancellationToken)
    {
        var terms = QueryTerms.Of(query.Text);
        var passages = new List<RetrievedPassage>(topK);
        for (var start = 0; start < ranked.Count && passages.Count < topK; start += topK * 2)
        {
            var window = ranked.Skip(start).Take(topK * 2).ToList();
            var ids = window.Select(r => r.ChunkId).ToList();
            var chunks = (await ChunksAsync(db, ids, cancellationToken)).Where(c => c.Namespace == query.Namespace).ToDictionary(c => c.Id);
            var documentIds = chunks.Values.Select(c => c.DocumentId).Distinct().ToList();
            var documents = await db.Documents.AsNoTracking()
                .Where(d => EF.Constant(documentIds).Contains(d.Id) && d.Status == DocumentStatus.Ready)
                .Select(d => new { d.Id, d.Title, d.FileName, d.SourceUrl })
                .ToDictionaryAsync(d => d.Id, cancellationToken);
            foreach (var (chunkId, score, ranks) in window)
            {
                if (!chunks.TryGetValue(chunkId, out var chunk) || !documents.TryGetValue(chunk.DocumentId, out var document))
                {
                    continue;
                }
                passages.Add(new RetrievedPassage(chunkId, document.Id, document.Title, document.FileName, chunk.Page, chunk.Section,
                    Snippets.For(chunk.Text, terms), chunk.Text, document.SourceUrl, score, ranks[0], ranks[1]) { Ordinal = chunk.Ordinal });
                if (passages.Count == topK)
                {
                    break;
                }
            }
        }
        return passages;
    }

    /// <summary>
    /// Chunks by primary key. On SQLite the statement is written out: with the tenant filter (or a namespace) on an indexed
    /// column, SQLite's planner (no statistics) walks the whole (tenant, namespace) index instead of the few ids; the
    /// unary + keeps tenant_id a plain filter. The namespace is checked by the caller.
    /// </summary>
    private static async Task<List<ChunkRow>> ChunksAsync(SalesMateDbContext db, List<Guid> ids, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await db.DocumentChunks.AsNoTracking()
                .Where(c => ids.Contains(c.Id))
                .Select(c => new ChunkRow(c.Id, c.DocumentId, c.Namespace, c.Ordinal, c.Text, c.Page, c.Section))
                .ToListAsync(cancellationToken);
        }
        var tenantId = db.CurrentTenantId;
        var json = System.Text.Json.JsonSerializer.Serialize(ids.Select(id => id.ToString("D").ToUpperInvariant()));
        return await db.Database.SqlQuery<ChunkRow>($"""
            SELECT id AS "Id", document_id AS "DocumentId", namespace AS "Namespace", ordinal AS "Ordinal", text AS "Text", page AS "Page", section AS "Section"
            FROM document_chunks WHERE id IN (SELECT value FROM json_each({json})) AND +tenant_id = {tenantId}
            """).ToListAsync(cancellationToken);
    }

    private sealed record ChunkRow(Guid Id, Guid DocumentId, string Namespace, int Ordinal, string Text, int? Page, string? Section);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vector search skipped for namespace {Namespace}, answering from full text: {Reason}")]
    private static partial void LogVectorsUnavailable(ILogger logger, string @namespace, string reason);
}
