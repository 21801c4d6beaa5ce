using SalesMate.Core.Entities;

namespace SalesMate.Services.Rag;

/// <summary>Which signals rank the results: both fused (the default), or one alone (for evaluation and diagnosis).</summary>
public enum RetrievalMode { Hybrid, FullText, Vector }

/// <summary>A question to a namespace's knowledge base.</summary>
public sealed record KnowledgeQuery(string Text, string Namespace)
{
    /// <summary>Passages to return; null uses retrieval.top_k.</summary>
    public int? TopK { get; init; }

    /// <summary>Only passages of documents carrying every one of these tags (case-insensitive).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public RetrievalMode Mode { get; init; } = RetrievalMode.Hybrid;
}

/// <summary>
/// A passage with what a citation needs (document, title, page or section, snippet, url) and how it ranked: the fused
/// score (reciprocal rank fusion; or the single signal's score in a single mode) and its rank in each list (1-based).
/// </summary>
public sealed record RetrievedPassage(
    Guid ChunkId,
    Guid DocumentId,
    string Title,
    string FileName,
    int? Page,
    string? Section,
    string Snippet,
    string Text,
    string? Url,
    double Score,
    int? FullTextRank,
    int? VectorRank)
{
    /// <summary>The passage's position in its document, from 0 (a document's opening passages state its general terms).</summary>
    public int Ordinal { get; init; }
}

/// <summary>A product search: words plus structured filters (seed 000/001).</summary>
public sealed record ProductQuery(string Text)
{
    public string? Category { get; init; }
    public decimal? MinPrice { get; init; }
    public decimal? MaxPrice { get; init; }

    /// <summary>Only products with stock above zero.</summary>
    public bool InStockOnly { get; init; }

    public int? TopK { get; init; }
    public RetrievalMode Mode { get; init; } = RetrievalMode.Hybrid;
}

public sealed record RetrievedProduct(Product Product, double Score, int? FullTextRank, int? VectorRank);
