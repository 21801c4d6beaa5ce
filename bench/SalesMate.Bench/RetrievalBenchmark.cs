using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Services.Rag.FullText;
using SalesMate.Vector;

namespace SalesMate.Bench;

/// <summary>
/// Passage retrieval latency at growing sizes: generated passages (60-120 words drawn from a Zipf-distributed 5,000-word
/// vocabulary, random 384-dimension unit vectors) bulk-loaded into the app's own database with the full-text triggers
/// of migration 0011 on. Per size it times the exact in-process scan, full text, the whole hybrid retrieval and, when
/// given a pgvector server, pgvector's HNSW search.
/// </summary>
internal static class RetrievalBenchmark
{
    private const int Dimensions = 384;
    private const int ChunksPerDocument = 100;

    public static async Task<int> RunAsync(Options options)
    {
        var sizes = (options.String("sizes") ?? "10000,100000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();
        var queries = options.Int("queries", 200, 1, 100_000);
        var db = options.String("db", "sqlite")!;
        var pgvector = options.String("pgvector");
        var pgvectorMax = options.Int("pgvector-max", 10_000, 1);
        var seed = options.Int("seed", 42, 0);
        var root = RepoPaths.Root(options);
        Console.WriteLine($"retrieval: sizes={string.Join(",", sizes)} queries={queries} db={db} pgvector={(pgvector is null ? "off" : $"on up to {pgvectorMax}")}");
        Console.WriteLine($"  {BuildInfo.Describe()}");

        await using var database = db == "postgres"
            ? await TurnsBenchmark.TempDatabase.PostgresAsync(options.String("pg") ?? throw new ArgumentException("--db postgres needs --pg \"Host=...\"."))
            : TurnsBenchmark.TempDatabase.Sqlite();
        var app = SalesMateApp.Build([
            "--urls=http://127.0.0.1:0", $"--database:provider={db}", $"--database:connection_string={database.ConnectionString}",
            "--logging:console=false", "--logging:path=", "--logging:level=WARN", $"--app:data_dir={Path.Combine(root, "data")}",
            "--environment=Production", $"--retrieval:memory_full_text_min_passages={options.Int("memory-full-text-min", 10_000, 0)}",
        ]);
        await app.StartAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            var tenant = await context.Tenants.Where(t => t.Slug == "demo").Select(t => new { t.Id, t.Slug }).SingleAsync();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.Id);
            var ns = KnowledgeNamespaces.For(tenant.Slug, "bench");
            var generator = new PassageGenerator(seed);
            var queryTexts = Enumerable.Range(0, queries + 20).Select(_ => generator.Query()).ToArray();
            var embeddings = scope.ServiceProvider.GetRequiredService<EmbeddingService>();
            var queryVectors = new float[queryTexts.Length][];
            for (var i = 0; i < queryTexts.Length; i++)
            {
                queryVectors[i] = await embeddings.EmbedAsync(context, queryTexts[i], CancellationToken.None);
            }
            PgVectorStore? pgStore = pgvector is null ? null : new PgVectorStore(pgvector,
                new PgVectorOptions { MaxPoolSize = 1, SearchPath = options.String("pgvector-search-path"), BatchSize = options.Int("pgvector-batch", 200) }, embeddings, NullLogger<PgVectorStore>.Instance);

            var loaded = 0;
            foreach (var size in sizes)
            {
                var watch = Stopwatch.StartNew();
                await BulkLoadAsync(db, database.ConnectionString, tenant.Id, ns, embeddings.ModelKey, generator, loaded, size);
                await context.Tenants.Where(t => t.Id == tenant.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.KnowledgeVersion, t => t.KnowledgeVersion + 1));
                Console.WriteLine($"\n  {size:N0} passages ({size - loaded:N0} loaded in {watch.Elapsed.TotalSeconds:0.0} s with the full-text triggers on; {database.Description})");
                loaded = size;

                var matrix = generator.Matrix(size);
                matrix.PrepareReranked();
                // Interleaved query by query, so machine load falls on both alike.
                await MeasurePairAsync("exact scan top 50 (in process, float32 SIMD)", i => { matrix.Top(queryVectors[i], 50); return Task.CompletedTask; },
                    "int8 first pass + float32 re-rank of 400, top 50", i => { matrix.TopReranked(queryVectors[i], 50); return Task.CompletedTask; }, queries);
                matrix = null;
                GC.Collect();

                var fullText = scope.ServiceProvider.GetRequiredService<IFullTextSearch>();
                IFullTextSearch databaseFullText = db == "postgres" ? new PostgresFullTextSearch() : new SqliteFullTextSearch();
                var vscope = new VectorScope(tenant.Id, ns);
                watch.Restart();
                await fullText.SearchAsync(context, vscope, queryTexts[0], 1, null, CancellationToken.None);
                Console.WriteLine($"    full-text index build of the namespace: {watch.Elapsed.TotalSeconds:0.00} s (in process from {options.Int("memory-full-text-min", 10_000, 0)} passages; once per knowledge version)");
                await MeasurePairAsync($"full text top 50, database ({(db == "postgres" ? "PostgreSQL ts_rank" : "SQLite FTS5 bm25")})",
                    i => databaseFullText.SearchAsync(context, vscope, queryTexts[i], 50, null, CancellationToken.None),
                    "full text top 50, as configured (in-process bm25 index at this size)",
                    i => fullText.SearchAsync(context, vscope, queryTexts[i], 50, null, CancellationToken.None), queries);

                var store = scope.ServiceProvider.GetRequiredService<IVectorStore>();
                watch.Restart();
                await store.SearchAsync(context, vscope, queryVectors[0], 1, null, CancellationToken.None);
                Console.WriteLine($"    memory store load of the namespace: {watch.Elapsed.TotalSeconds:0.00} s (once per knowledge version)");
                await MeasureAsync("memory store search top 50 (version check + scan)", queries,
                    i => store.SearchAsync(context, vscope, queryVectors[i], 50, null, CancellationToken.None));
                var retriever = scope.ServiceProvider.GetRequiredService<KnowledgeRetriever>();
                var databaseRetriever = new KnowledgeRetriever(databaseFullText, store, embeddings,
                    scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<RetrievalOptions>>(), NullLogger<KnowledgeRetriever>.Instance);
                await MeasureAsync("  retrieval, full text only, top 5 (full text + passages)", queries,
                    i => retriever.RetrieveAsync(context, new KnowledgeQuery(queryTexts[i], ns) { Mode = RetrievalMode.FullText }, CancellationToken.None));
                await MeasureAsync("  retrieval, vectors only, top 5 (embed + vectors + passages)", queries,
                    i => retriever.RetrieveAsync(context, new KnowledgeQuery(queryTexts[i], ns) { Mode = RetrievalMode.Vector }, CancellationToken.None));
                await MeasurePairAsync("hybrid retrieval top 5, full text from the database",
                    i => databaseRetriever.RetrieveAsync(context, new KnowledgeQuery(queryTexts[i], ns), CancellationToken.None),
                    "hybrid retrieval top 5 (embed + full text + vectors + RRF + passages), as configured",
                    i => retriever.RetrieveAsync(context, new KnowledgeQuery(queryTexts[i], ns), CancellationToken.None), queries);

                if (pgStore is not null && size <= pgvectorMax)
                {
                    watch.Restart();
                    var rows = await context.DocumentChunks.AsNoTracking().Where(c => c.Namespace == ns)
                        .Select(c => new { c.Id, c.DocumentId, c.Embedding }).ToListAsync();
                    // PGlite's socket server crashes (WASM "unreachable") on large protocol messages, so the rows go in through
                    // psql two per statement, into the table PgVectorStore would create; the store then only searches.
                    await LoadWithPsqlAsync(pgvector!, tenant.Id, ns, embeddings.ModelKey,
                        rows.Select(r => (r.Id, r.DocumentId, VectorBytes.ToFloats(r.Embedding!))).ToList());
                    Console.WriteLine($"    pgvector: {rows.Count:N0} vectors loaded with psql, then the HNSW index built (m=16, ef_construction=64), in {watch.Elapsed.TotalSeconds:0.0} s");
                    await MeasureAsync("pgvector HNSW top 50 (PGlite, one connection)", queries,
                        i => ((IVectorStore)pgStore).SearchAsync(context, vscope, queryVectors[i], 50, null, CancellationToken.None));
                }
            }
            if (pgStore is not null)
            {
                await pgStore.DisposeAsync();
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        return 0;
    }

    private static async Task LoadWithPsqlAsync(string connectionString, Guid tenantId, string ns, string model, List<(Guid Id, Guid DocumentId, float[] Vector)> rows)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var sql = new System.Text.StringBuilder();
        sql.AppendLine("SET search_path = public;");
        sql.AppendLine("CREATE EXTENSION IF NOT EXISTS vector;");
        sql.AppendLine($"CREATE TABLE IF NOT EXISTS knowledge_vectors_{Dimensions} (chunk_id uuid PRIMARY KEY, tenant_id uuid NOT NULL, namespace text NOT NULL, document_id uuid NOT NULL, model text NOT NULL, embedding vector({Dimensions}) NOT NULL);");
        foreach (var batch in rows.Chunk(2))
        {
            sql.Append($"INSERT INTO knowledge_vectors_{Dimensions} (chunk_id, tenant_id, namespace, document_id, model, embedding) VALUES ");
            sql.AppendJoin(',', batch.Select(r => $"('{r.Id}', '{tenantId}', '{ns}', '{r.DocumentId}', '{model}', '{PgVectorStore.Literal(r.Vector)}')"));
            sql.AppendLine(" ON CONFLICT (chunk_id) DO NOTHING;");
        }
        // Indexes after the rows (a bulk HNSW build): PGlite crashed when the graph grew row by row under load.
        sql.AppendLine($"CREATE INDEX IF NOT EXISTS ix_knowledge_vectors_{Dimensions}_tenant_id_namespace ON knowledge_vectors_{Dimensions} (tenant_id, namespace, document_id);");
        sql.AppendLine($"CREATE INDEX IF NOT EXISTS ix_knowledge_vectors_{Dimensions}_embedding ON knowledge_vectors_{Dimensions} USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);");
        var file = Path.Combine(Path.GetTempPath(), $"salesmate-bench-pgvector-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, sql.ToString());
        try
        {
            var start = new ProcessStartInfo("psql", ["-q", "-v", "ON_ERROR_STOP=1", "-f", file,
                $"host={builder.Host} port={builder.Port} user={builder.Username} dbname={builder.Database} sslmode=disable"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["PGPASSWORD"] = builder.Password ?? "";
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"psql failed: {await errors}");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task MeasurePairAsync(string nameA, Func<int, Task> a, string nameB, Func<int, Task> b, int queries)
    {
        for (var i = 0; i < 20; i++)
        {
            await a(queries + i);
            await b(queries + i);
        }
        var load = MachineLoad.Start();
        var samplesA = new double[queries];
        var samplesB = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var (first, second, firstSamples, secondSamples) = i % 2 == 0 ? (a, b, samplesA, samplesB) : (b, a, samplesB, samplesA);
            var started = Stopwatch.GetTimestamp();
            await first(i);
            firstSamples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            await second(i);
            secondSamples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var others = load.OthersShare();
        foreach (var (name, samples) in new[] { (nameA, samplesA), (nameB, samplesB) })
        {
            var stats = new Stats(samples);
            Console.WriteLine($"    {name,-72} p50 {Stats.Ms(stats.P(50))} ms  p95 {Stats.Ms(stats.P(95))} ms  p99 {Stats.Ms(stats.P(99))} ms" +
                              $"  (interleaved; others used {others:P0} of the CPU)");
        }
    }

    private static async Task MeasureAsync(string name, int queries, Func<int, Task> run)
    {
        for (var i = 0; i < 20; i++)
        {
            await run(queries + i);
        }
        var load = MachineLoad.Start();
        var samples = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await run(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        var stats = new Stats(samples);
        Console.WriteLine($"    {name,-72} p50 {Stats.Ms(stats.P(50))} ms  p95 {Stats.Ms(stats.P(95))} ms  p99 {Stats.Ms(stats.P(99))} ms" +
                          $"  (others used {load.OthersShare():P0} of the CPU)");
    }

    /// <summary>Passages [from, to) in documents of 100, straight into documents/document_chunks (the triggers index them).</summary>
    private static async Task BulkLoadAsync(string db, string connectionString, Guid tenantId, string ns, string model, PassageGenerator generator,
        int from, int to)
    {
        var now = DateTime.UtcNow;
        if (db == "postgres")
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            for (var start = from; start < to; start += 10_000)
            {
                var end = Math.Min(to, start + 10_000);
                await using (var documents = await connection.BeginBinaryImportAsync(
                    "COPY documents (id, tenant_id, namespace, title, file_name, format, size_bytes, content_hash, status, page_count, chunk_count, tags, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
                {
                    for (var d = start / ChunksPerDocument; d < (end + ChunksPerDocument - 1) / ChunksPerDocument; d++)
                    {
                        await documents.StartRowAsync();
                        await documents.WriteAsync(DocumentId(d), NpgsqlDbType.Uuid);
                        await documents.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                        await documents.WriteAsync(ns);
                        await documents.WriteAsync($"Generated document {d}");
                        await documents.WriteAsync($"doc-{d}.txt");
                        await documents.WriteAsync("txt");
                        await documents.WriteAsync(0L, NpgsqlDbType.Bigint);
                        await documents.WriteAsync($"hash-{d}");
                        await documents.WriteAsync("ready");
                        await documents.WriteAsync(0, NpgsqlDbType.Integer);
                        await documents.WriteAsync(ChunksPerDocument, NpgsqlDbType.Integer);
                        await documents.WriteAsync("[]", NpgsqlDbType.Jsonb);
                        await documents.WriteAsync(now, NpgsqlDbType.TimestampTz);
                        await documents.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    }
                    await documents.CompleteAsync();
                }
                await using var chunks = await connection.BeginBinaryImportAsync(
                    "COPY document_chunks (id, tenant_id, document_id, namespace, ordinal, text, start_offset, end_offset, token_count, embedding, embedding_model, created_at) FROM STDIN (FORMAT BINARY)");
                for (var i = start; i < end; i++)
                {
                    var text = generator.Passage(i);
                    await chunks.StartRowAsync();
                    await chunks.WriteAsync(ChunkId(i), NpgsqlDbType.Uuid);
                    await chunks.WriteAsync(tenantId, NpgsqlDbType.Uuid);
                    await chunks.WriteAsync(DocumentId(i / ChunksPerDocument), NpgsqlDbType.Uuid);
                    await chunks.WriteAsync(ns);
                    await chunks.WriteAsync(i % ChunksPerDocument, NpgsqlDbType.Integer);
                    await chunks.WriteAsync(text);
                    await chunks.WriteAsync(0, NpgsqlDbType.Integer);
                    await chunks.WriteAsync(text.Length, NpgsqlDbType.Integer);
                    await chunks.WriteAsync(text.Length / 4, NpgsqlDbType.Integer);
                    await chunks.WriteAsync(VectorBytes.ToBytes(generator.Vector(i)), NpgsqlDbType.Bytea);
                    await chunks.WriteAsync(model);
                    await chunks.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
                await chunks.CompleteAsync();
            }
            return;
        }

        await using var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync();
        var stamp = now.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        for (var start = from; start < to; start += 10_000)
        {
            var end = Math.Min(to, start + 10_000);
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync();
            await using var document = sqlite.CreateCommand();
            document.Transaction = transaction;
            document.CommandText = "INSERT OR IGNORE INTO documents (id, tenant_id, namespace, title, file_name, format, size_bytes, content_hash, status, page_count, chunk_count, tags, created_at, updated_at) " +
                                   "VALUES ($id, $tenant_id, $ns, $title, $file, 'txt', 0, $hash, 'ready', 0, 100, '[]', $at, $at)";
            var documentParameters = new[] { "$id", "$tenant_id", "$ns", "$title", "$file", "$hash", "$at" }.Select(n => document.Parameters.Add(n, SqliteType.Text)).ToArray();
            await using var chunk = sqlite.CreateCommand();
            chunk.Transaction = transaction;
            chunk.CommandText = "INSERT INTO document_chunks (id, tenant_id, document_id, namespace, ordinal, text, start_offset, end_offset, token_count, embedding, embedding_model, created_at) " +
                                "VALUES ($id, $tenant_id, $document_id, $ns, $ordinal, $text, 0, $end, $tokens, $embedding, $model, $at)";
            var id = chunk.Parameters.Add("$id", SqliteType.Text);
            var tenant = chunk.Parameters.Add("$tenant_id", SqliteType.Text);
            var documentId = chunk.Parameters.Add("$document_id", SqliteType.Text);
            var nsParameter = chunk.Parameters.Add("$ns", SqliteType.Text);
            var ordinal = chunk.Parameters.Add("$ordinal", SqliteType.Integer);
            var textParameter = chunk.Parameters.Add("$text", SqliteType.Text);
            var endParameter = chunk.Parameters.Add("$end", SqliteType.Integer);
            var tokens = chunk.Parameters.Add("$tokens", SqliteType.Integer);
            var embedding = chunk.Parameters.Add("$embedding", SqliteType.Blob);
            var modelParameter = chunk.Parameters.Add("$model", SqliteType.Text);
            var at = chunk.Parameters.Add("$at", SqliteType.Text);
            for (var i = start; i < end; i++)
            {
                if (i % ChunksPerDocument == 0 || i == start)
                {
                    var d = i / ChunksPerDocument;
                    object[] values = [Text(DocumentId(d)), Text(tenantId), ns, $"Generated document {d}", $"doc-{d}.txt", $"hash-{d}", stamp];
                    for (var p = 0; p < values.Length; p++)
                    {
                        documentParameters[p].Value = values[p];
                    }
                    await document.ExecuteNonQueryAsync();
                }
                var text = generator.Passage(i);
                id.Value = Text(ChunkId(i));
                tenant.Value = Text(tenantId);
                documentId.Value = Text(DocumentId(i / ChunksPerDocument));
                nsParameter.Value = ns;
                ordinal.Value = i % ChunksPerDocument;
                textParameter.Value = text;
                endParameter.Value = text.Length;
                tokens.Value = text.Length / 4;
                embedding.Value = VectorBytes.ToBytes(generator.Vector(i));
                modelParameter.Value = model;
                at.Value = stamp;
                await chunk.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
    }

    /// <summary>How EF Core stores a Guid in SQLite: upper-case text.</summary>
    private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();

    private static Guid DocumentId(int d) => new($"00000000-0000-7000-8000-{d:x12}");

    private static Guid ChunkId(int i) => new($"00000000-0000-7000-9000-{i:x12}");

    /// <summary>Deterministic passages, vectors and queries.</summary>
    private sealed class PassageGenerator
    {
        private readonly string[] _words;
        private readonly double[] _cumulative;
        private readonly int _seed;
        private readonly Random _queries;

        public PassageGenerator(int seed)
        {
            _seed = seed;
            _queries = new Random(seed + 1);
            var syllables = new[] { "ba", "ko", "ri", "mu", "te", "sa", "lo", "ne", "vi", "da", "pe", "zu", "ga", "fi", "ho", "ju" };
            var random = new Random(seed);
            _words = Enumerable.Range(0, 5000)
                .Select(i => string.Concat(Enumerable.Range(0, 2 + (i % 3)).Select(_ => syllables[random.Next(syllables.Length)])) + (i % 7))
                .ToArray();
            var weights = Enumerable.Range(1, _words.Length).Select(rank => 1.0 / rank).ToArray();
            _cumulative = new double[weights.Length];
            var sum = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                _cumulative[i] = sum += weights[i];
            }
            for (var i = 0; i < _cumulative.Length; i++)
            {
                _cumulative[i] /= sum;
            }
        }

        public string Passage(int i)
        {
            var random = new Random(HashCode.Combine(_seed, i));
            return string.Join(' ', Enumerable.Range(0, 60 + random.Next(61)).Select(_ => Word(random)));
        }

        /// <summary>2-6 content words: drawn uniformly from frequency ranks 100-5000 (the 100 commonest play the function words).</summary>
        public string Query() => string.Join(' ', Enumerable.Range(0, 2 + _queries.Next(5)).Select(_ => _words[100 + _queries.Next(_words.Length - 100)]));

        public float[] Vector(int i)
        {
            var random = new Random(HashCode.Combine(_seed, i, 7));
            var vector = new float[Dimensions];
            for (var d = 0; d < Dimensions; d++)
            {
                vector[d] = (float)(random.NextDouble() * 2 - 1);
            }
            return VectorBytes.Normalize(vector);
        }

        public VectorMatrix Matrix(int size)
        {
            var values = new float[(long)size * Dimensions];
            for (var i = 0; i < size; i++)
            {
                Vector(i).CopyTo(values.AsSpan(i * Dimensions, Dimensions));
            }
            return new VectorMatrix(Dimensions, values, size);
        }

        private string Word(Random random)
        {
            var index = Array.BinarySearch(_cumulative, random.NextDouble());
            return _words[Math.Min(index < 0 ? ~index : index, _words.Length - 1)];
        }
    }
}
