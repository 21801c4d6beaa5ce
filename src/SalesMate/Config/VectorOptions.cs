using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// Section <c>vector</c>: where passage vectors are searched. <c>memory</c> (the default) is an exact SIMD scan in
/// process over the vectors stored on <c>document_chunks</c>; <c>pgvector</c> keeps them in a PostgreSQL table with an
/// HNSW index (the extension must be available: Supabase, Neon, RDS...). The Pinecone index name is kept from seed 003.
/// </summary>
public sealed class VectorOptions
{
    public const string Section = "vector";
    public static readonly string[] Stores = ["memory", "pgvector"];

    public string Store { get; set; } = "memory";

    public PgVectorOptions Pgvector { get; set; } = new();

    public PineconeOptions Pinecone { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (!Stores.Contains(Store))
        {
            yield return OptionErrors.NotOneOf("vector.store", Store, Stores);
        }
        if (Pgvector.HnswM is < 2 or > 100)
        {
            yield return $"vector.pgvector.hnsw_m must be between 2 and 100; got {Pgvector.HnswM}.";
        }
        if (Pgvector.HnswEfConstruction is < 4 or > 1000)
        {
            yield return $"vector.pgvector.hnsw_ef_construction must be between 4 and 1000; got {Pgvector.HnswEfConstruction}.";
        }
        if (Pgvector.HnswEfSearch is < 1 or > 1000)
        {
            yield return $"vector.pgvector.hnsw_ef_search must be between 1 and 1000; got {Pgvector.HnswEfSearch}.";
        }
        if (Pgvector.BatchSize is < 1 or > 5000)
        {
            yield return $"vector.pgvector.batch_size must be between 1 and 5000; got {Pgvector.BatchSize}.";
        }
        if (Pgvector.MaxPoolSize is < 1 or > 1000)
        {
            yield return $"vector.pgvector.max_pool_size must be between 1 and 1000; got {Pgvector.MaxPoolSize}.";
        }
    }
}

public sealed class PgVectorOptions
{
    /// <summary>The PostgreSQL with pgvector; empty uses database.connection_string (which must then be PostgreSQL).</summary>
    [ConfigurationKeyName("connection_string")]
    public string? ConnectionString { get; set; }

    /// <summary>search_path for the store's connections, when the server's default does not reach the vector extension's schema.</summary>
    [ConfigurationKeyName("search_path")]
    public string? SearchPath { get; set; }

    [ConfigurationKeyName("hnsw_m")]
    public int HnswM { get; set; } = 16;

    [ConfigurationKeyName("hnsw_ef_construction")]
    public int HnswEfConstruction { get; set; } = 64;

    [ConfigurationKeyName("hnsw_ef_search")]
    public int HnswEfSearch { get; set; } = 100;

    [ConfigurationKeyName("max_pool_size")]
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>Vectors written per INSERT statement. PGlite's socket server breaks on large protocol messages: use 2 there.</summary>
    [ConfigurationKeyName("batch_size")]
    public int BatchSize { get; set; } = 200;
}

public sealed class PineconeOptions
{
    [ConfigurationKeyName("index_name")]
    public string? IndexName { get; set; }
}

/// <summary>Section <c>retrieval</c>: hybrid search over passages and products.</summary>
public sealed class RetrievalOptions
{
    public const string Section = "retrieval";

    /// <summary>Passages or products returned by default.</summary>
    [ConfigurationKeyName("top_k")]
    public int TopK { get; set; } = 5;

    /// <summary>Results each of full text and vectors contributes before fusion.</summary>
    public int Candidates { get; set; } = 50;

    /// <summary>Reciprocal rank fusion constant: score = sum of 1 / (rrf_k + rank).</summary>
    [ConfigurationKeyName("rrf_k")]
    public int RrfK { get; set; } = 60;

    /// <summary>
    /// Namespaces with at least this many passages rank full text in process (FTS5's bm25 over an in-memory index);
    /// smaller ones ask the database (FTS5 or PostgreSQL). 0 = always in process.
    /// </summary>
    [ConfigurationKeyName("memory_full_text_min_passages")]
    public int MemoryFullTextMinPassages { get; set; } = 10_000;

    internal IEnumerable<string> Validate()
    {
        if (TopK is < 1 or > 100)
        {
            yield return $"retrieval.top_k must be between 1 and 100; got {TopK}.";
        }
        if (Candidates is < 1 or > 1000)
        {
            yield return $"retrieval.candidates must be between 1 and 1000; got {Candidates}.";
        }
        if (RrfK is < 1 or > 1000)
        {
            yield return $"retrieval.rrf_k must be between 1 and 1000; got {RrfK}.";
        }
        if (MemoryFullTextMinPassages < 0)
        {
            yield return $"retrieval.memory_full_text_min_passages must be 0 or more; got {MemoryFullTextMinPassages}.";
        }
    }
}
