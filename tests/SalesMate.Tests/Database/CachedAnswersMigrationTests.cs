using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Database;

/// <summary>
/// Migration 0030 retires the answers cached before document answers chose their passages by word starts and section
/// headings (ADR 0020a): an upgraded shop does not keep serving a wrong quote until the cache's TTL.
/// </summary>
public abstract class CachedAnswersMigrationTests(DatabaseKind kind)
{
    [Fact]
    public async Task Answers_cached_before_the_upgrade_are_gone_after_it()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        var postgres = kind == DatabaseKind.Postgres;
        await using var connection = postgres
            ? (DbConnection)new NpgsqlConnection(database.SuperuserConnectionString)
            : new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var scripts = MigrationRunner.LoadScripts(postgres ? "postgres" : "sqlite");
        foreach (var (_, sql) in scripts.Where(s => string.CompareOrdinal(s.Version, "0030") < 0))
        {
            await ExecuteAsync(connection, sql);
        }
        var tenant = postgres ? "'6f0c2a4e-0000-4000-8000-000000000001'::uuid" : "'6F0C2A4E-0000-4000-8000-000000000001'";
        var id = postgres ? "'6f0c2a4e-0000-4000-8000-000000000002'::uuid" : "'6F0C2A4E-0000-4000-8000-000000000002'";
        var at = postgres ? "now()" : "'2026-11-23 06:00:00'";
        var blob = postgres ? "'\\x00'::bytea" : "x'00'";
        await ExecuteAsync(connection, $"""
            INSERT INTO tenants (id, name, slug, created_at) VALUES ({tenant}, 'Old Shop', 'old-shop', {at});
            INSERT INTO answer_cache (id, tenant_id, namespace, question, question_embedding, embedding_model, answer, sources_json,
                knowledge_version, hit_count, created_at, expires_at)
            VALUES ({id}, {tenant}, 'default', 'what is your warranty?', {blob}, 'local', 'What voids the warranty...', '[]', 1, 3, {at}, {at});
            """);
        (await CountAsync(connection)).Should().Be(1);

        foreach (var (_, sql) in scripts.Where(s => string.CompareOrdinal(s.Version, "0030") >= 0))
        {
            await ExecuteAsync(connection, sql);
        }

        (await CountAsync(connection)).Should().Be(0);
    }

    private static async Task<long> CountAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM answer_cache";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

[Collection("sqlite")]
public sealed class SqliteCachedAnswersMigrationTests() : CachedAnswersMigrationTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresCachedAnswersMigrationTests() : CachedAnswersMigrationTests(DatabaseKind.Postgres);
