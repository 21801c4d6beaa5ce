using Microsoft.Data.Sqlite;
using Npgsql;

namespace SalesMate.Tests.Infrastructure;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>A fresh, empty database for one fixture: a temp SQLite file, or a new database on the PostgreSQL that ./test.sh starts.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SALESMATE_TEST_POSTGRES";

    private readonly string? _postgresName;
    private readonly string? _sqliteFile;

    private TestDatabase(DatabaseKind kind, string connectionString, string? postgresName, string? sqliteFile)
    {
        Kind = kind;
        ConnectionString = connectionString;
        _postgresName = postgresName;
        _sqliteFile = sqliteFile;
    }

    public DatabaseKind Kind { get; }
    public string ConnectionString { get; }
    public string Provider => Kind == DatabaseKind.Postgres ? "postgres" : "sqlite";

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"{Guid.NewGuid():N}.db");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            return new TestDatabase(kind, $"Data Source={file}", null, file);
        }

        var server = Environment.GetEnvironmentVariable(PostgresVariable)
                     ?? throw new InvalidOperationException(
                         $"{PostgresVariable} is not set. Run ./test.sh, which starts a throw-away PostgreSQL, or point {PostgresVariable} at one.");
        var name = $"salesmate_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(kind, builder.ConnectionString, name, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
