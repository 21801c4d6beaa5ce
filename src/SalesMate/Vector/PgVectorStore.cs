using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Rag.Embeddings;

namespace SalesMate.Vector;

/// <summary>
/// Passage vectors in PostgreSQL with pgvector: one table per vector size (<c>knowledge_vectors_{dims}</c>, since a
/// <c>vector(n)</c> column has one size) with an HNSW index on cosine distance, created on first use (the extension
/// must be installable: Supabase, Neon, RDS, or any server with pgvector). It may be the application database or
/// another one (<c>vector.pgvector.connection_string</c>). Every statement names the tenant and the namespace. Shared by
/// all instances, so it needs no version check; a namespace indexed before the store was switched on is copied from
/// <c>document_chunks</c> on its first search by each instance.
/// </summary>
public sealed partial class PgVectorStore : IVectorStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly PgVectorOptions _options;
    private readonly EmbeddingService _embeddings;
    private readonly ILogger<PgVectorStore> _logger;
    private readonly ConcurrentDictionary<int, Task> _tables = new();
    private readonly ConcurrentDictionary<VectorScope, Task> _backfills = new();
    private bool? _iterativeScan;

    public PgVectorStore(string connectionString, PgVectorOptions options, EmbeddingService embeddings, ILogger<PgVectorStore> logger)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = options.MaxPoolSize };
        if (options.SearchPath is { Length: > 0 })
        {
            // Set once per physical connection (some servers ignore the startup parameter), so it must survive returns to the pool.
            connection.NoResetOnClose = true;
        }
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        if (options.SearchPath is { Length: > 0 } searchPath)
        {
            builder.UsePhysicalConnectionInitializer(
                c => SetSearchPath(c, searchPath).GetAwaiter().GetResult(),
                c => SetSearchPath(c, searchPath));
        }
        _source = builder.Build();
        _options = options;
        _embeddings = embeddings;
        _logger = logger;
    }

    public string Name => "pgvector";

    public async Task UpsertAsync(VectorScope scope, IReadOnlyList<VectorRecord> records, long knowledgeVersion, CancellationToken cancellationToken)
    {
        foreach (var group in records.GroupBy(r => r.Vector.Length))
        {
            await EnsureTableAsync(group.Key, cancellationToken);
            foreach (var batch in group.Chunk(_options.BatchSize))
            {
                await UpsertBatchAsync(scope, group.Key, batch, cancellationToken);
            }
        }
    }

    public async Task RemoveDocumentAsync(VectorScope scope, Guid documentId, long knowledgeVersion, CancellationToken cancellationToken)
    {
        foreach (var dimensions in await ExistingTablesAsync(cancellationToken))
        {
            await using var command = _source.CreateCommand(
                $"DELETE FROM {Table(dimensions)} WHERE tenant_id = @tenant_id AND namespace = @namespace AND document_id = @document_id");
            command.Parameters.AddWithValue("tenant_id", scope.TenantId);
            command.Parameters.AddWithValue("namespace", scope.Namespace);
            command.Parameters.AddWithValue("document_id", documentId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IVectorSearcher> OpenAsync(SalesMateDbContext db, VectorScope scope, int dimensions, CancellationToken cancellationToken)
    {
        if (scope.TenantId != db.CurrentTenantId)
        {
            throw new InvalidOperationException("A vector search must run in its namespace's tenant.");
        }
        await EnsureTableAsync(dimensions, cancellationToken);
        var backfill = _backfills.GetOrAdd(scope, _ => BackfillAsync(db, scope, dimensions, cancellationToken));
        try
        {
            await backfill;
        }
        catch
        {
            _backfills.TryRemove(new KeyValuePair<VectorScope, Task>(scope, backfill)); // try again on the next search
            throw;
        }
        return new Searcher(this, scope);
    }

    private sealed class Searcher(PgVectorStore store, VectorScope scope) : IVectorSearcher
    {
        public Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int limit, IReadOnlySet<Guid>? documents, CancellationToken cancellationToken) =>
            store.SearchAsync(scope, query, limit, documents, cancellationToken);
    }

    private async Task<IReadOnlyList<VectorHit>> SearchAsync(VectorScope scope, float[] query, int limit, IReadOnlySet<Guid>? documents,
        CancellationToken cancellationToken)
    {
        if (limit <= 0 || query.Length == 0)
        {
            return [];
        }
        var iterative = await SupportsIterativeScanAsync(cancellationToken);

        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // SET LOCAL takes no parameters; both values are validated integers or fixed words.
        string[] settings = iterative
            ? [$"SET LOCAL hnsw.ef_search = {Math.Max(_options.HnswEfSearch, limit).ToString(CultureInfo.InvariantCulture)}", "SET LOCAL hnsw.iterative_scan = relaxed_order"]
            : [$"SET LOCAL hnsw.ef_search = {Math.Max(_options.HnswEfSearch, limit).ToString(CultureInfo.InvariantCulture)}"];
        foreach (var setting in settings)
        {
            await using var set = new NpgsqlCommand(setting, connection, transaction);
            await set.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var command = new NpgsqlCommand(
            $"SELECT chunk_id, document_id, 1 - (embedding <=> @query::vector) AS score FROM {Table(query.Length)} " +
            "WHERE tenant_id = @tenant_id AND namespace = @namespace AND model = @model " +
            (documents is null ? "" : "AND document_id = ANY(@documents) ") +
            "ORDER BY embedding <=> @query::vector LIMIT @limit", connection, transaction);
        command.Parameters.AddWithValue("query", Literal(query));
        command.Parameters.AddWithValue("tenant_id", scope.TenantId);
        command.Parameters.AddWithValue("namespace", scope.Namespace);
        command.Parameters.AddWithValue("model", _embeddings.ModelKey);
        command.Parameters.AddWithValue("limit", limit);
        if (documents is not null)
        {
            command.Parameters.AddWithValue("documents", documents.ToArray());
        }
        var hits = new List<VectorHit>(limit);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new VectorHit(reader.GetGuid(0), reader.GetGuid(1), (float)reader.GetDouble(2)));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        // relaxed_order may return neighbours slightly out of order.
        return [.. hits.OrderByDescending(h => h.Score).ThenBy(h => h.ChunkId)];
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async Task UpsertBatchAsync(VectorScope scope, int dimensions, VectorRecord[] batch, CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            $"INSERT INTO {Table(dimensions)} AS v (chunk_id, tenant_id, namespace, document_id, model, embedding) " +
            "SELECT u.chunk_id, @tenant_id, @namespace, u.document_id, @model, u.embedding::vector " +
            "FROM unnest(@chunk_ids, @document_ids, @embeddings) AS u(chunk_id, document_id, embedding) " +
            "ON CONFLICT (chunk_id) DO UPDATE SET namespace = EXCLUDED.namespace, document_id = EXCLUDED.document_id, " +
            "model = EXCLUDED.model, embedding = EXCLUDED.embedding WHERE v.tenant_id = @tenant_id");
        command.Parameters.AddWithValue("tenant_id", scope.TenantId);
        command.Parameters.AddWithValue("namespace", scope.Namespace);
        command.Parameters.AddWithValue("model", _embeddings.ModelKey);
        command.Parameters.AddWithValue("chunk_ids", batch.Select(r => r.ChunkId).ToArray());
        command.Parameters.AddWithValue("document_ids", batch.Select(r => r.DocumentId).ToArray());
        command.Parameters.AddWithValue("embeddings", batch.Select(r => Literal(r.Vector)).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Copies the namespace's vectors from document_chunks when the table has fewer of them (first use after switching stores).</summary>
    private async Task BackfillAsync(SalesMateDbContext db, VectorScope scope, int dimensions, CancellationToken cancellationToken)
    {
        var model = _embeddings.ModelKey;
        var stored = await db.DocumentChunks.AsNoTracking()
            .CountAsync(c => c.Namespace == scope.Namespace && c.EmbeddingModel == model && c.Embedding != null, cancellationToken);
        await using var count = _source.CreateCommand(
            $"SELECT count(*) FROM {Table(dimensions)} WHERE tenant_id = @tenant_id AND namespace = @namespace AND model = @model");
        count.Parameters.AddWithValue("tenant_id", scope.TenantId);
        count.Parameters.AddWithValue("namespace", scope.Namespace);
        count.Parameters.AddWithValue("model", model);
        var indexed = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        if (indexed >= stored)
        {
            return;
        }
        var records = await db.DocumentChunks.AsNoTracking()
            .Where(c => c.Namespace == scope.Namespace && c.EmbeddingModel == model && c.Embedding != null)
            .Select(c => new { c.Id, c.DocumentId, c.Embedding })
            .ToListAsync(cancellationToken);
        await UpsertAsync(scope, [.. records.Select(r => new VectorRecord(r.Id, r.DocumentId, VectorBytes.ToFloats(r.Embedding!)))], 0, cancellationToken);
        LogBackfilled(_logger, scope.Namespace, records.Count);
    }

    private Task EnsureTableAsync(int dimensions, CancellationToken cancellationToken) =>
        _tables.GetOrAdd(dimensions, d => CreateTableAsync(d, cancellationToken));

    private async Task CreateTableAsync(int dimensions, CancellationToken cancellationToken)
    {
        var table = Table(dimensions);
        // Schema statements: no tenant data is read or written here. One statement per command: PGlite's socket server
        // runs only the first statement of a batch.
        string[] statements =
        [
            "CREATE EXTENSION IF NOT EXISTS vector",
            $"CREATE TABLE IF NOT EXISTS {table} (chunk_id uuid PRIMARY KEY, tenant_id uuid NOT NULL, namespace text NOT NULL, " +
            $"document_id uuid NOT NULL, model text NOT NULL, embedding vector({dimensions.ToString(CultureInfo.InvariantCulture)}) NOT NULL)",
            $"CREATE INDEX IF NOT EXISTS ix_{table}_tenant_id_namespace ON {table} (tenant_id, namespace, document_id)",
            $"CREATE INDEX IF NOT EXISTS ix_{table}_embedding ON {table} USING hnsw (embedding vector_cosine_ops) " +
            $"WITH (m = {_options.HnswM.ToString(CultureInfo.InvariantCulture)}, ef_construction = {_options.HnswEfConstruction.ToString(CultureInfo.InvariantCulture)})",
        ];
        foreach (var statement in statements)
        {
            await using var command = _source.CreateCommand(statement);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<IReadOnlyList<int>> ExistingTablesAsync(CancellationToken cancellationToken)
    {
        await using var command = _source.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'knowledge_vectors_%'");
        var sizes = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (int.TryParse(reader.GetString(0)["knowledge_vectors_".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                sizes.Add(size);
            }
        }
        return sizes;
    }

    /// <summary>pgvector 0.8 can keep scanning the HNSW graph until enough rows pass the tenant/namespace filter.</summary>
    private async Task<bool> SupportsIterativeScanAsync(CancellationToken cancellationToken)
    {
        if (_iterativeScan is { } known)
        {
            return known;
        }
        await using var command = _source.CreateCommand("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
        var version = await command.ExecuteScalarAsync(cancellationToken) as string;
        var parts = (version ?? "0.0").Split('.');
        _iterativeScan = int.Parse(parts[0], CultureInfo.InvariantCulture) > 0 || int.Parse(parts[1], CultureInfo.InvariantCulture) >= 8;
        return _iterativeScan.Value;
    }

    private static async Task SetSearchPath(NpgsqlConnection connection, string searchPath)
    {
        await using var command = new NpgsqlCommand("SELECT set_config('search_path', @path, false)", connection);
        command.Parameters.AddWithValue("path", searchPath);
        await command.ExecuteNonQueryAsync();
    }

    private static string Table(int dimensions) => $"knowledge_vectors_{dimensions.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>pgvector's text form: [v1,v2,...] with invariant, round-trippable floats.</summary>
    internal static string Literal(float[] vector)
    {
        var text = new StringBuilder(vector.Length * 12);
        text.Append('[');
        for (var i = 0; i < vector.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(vector[i].ToString("R", CultureInfo.InvariantCulture));
        }
        return text.Append(']').ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "pgvector: copied {Count} vectors of namespace {Namespace} from document_chunks")]
    private static partial void LogBackfilled(ILogger logger, string @namespace, int count);
}
