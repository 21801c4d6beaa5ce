using Microsoft.Data.Sqlite;
using Npgsql;

namespace SalesMate.Tests.Infrastructure;

public enum DatabaseKind { Sqlite, Postgres }

/// <summary>A fresh, empty database for one fixture: a temp SQLite file, or a new database on the PostgreSQL that ./test.sh starts.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "SALESMATE_TEST_POSTGRES";
    public const string OwnerRole = "salesmate_test_owner";
    public const string AppRole = "salesmate_test_app";
    private const string RolePassword = "salesmate-test";

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

    /// <summary>PostgreSQL: the owner's connection, for migrations (database.migration_connection_string).</summary>
    public string? MigrationConnectionString { get; private init; }

    /// <summary>PostgreSQL: the server's superuser on this database, for tests that set the scene behind the app's back.</summary>
    public string? SuperuserConnectionString { get; private init; }

    /// <summary>The settings that point the app at this database (production mode on PostgreSQL).</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string> { ["database:provider"] = Provider, ["database:connection_string"] = ConnectionString };
        if (Kind == DatabaseKind.Postgres)
        {
            settings["database:migration_connection_string"] = MigrationConnectionString!;
            settings["database:app_role"] = AppRole;
        }
        return settings;
    }

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
            await EnsureRoleAsync(connection, OwnerRole);
            await EnsureRoleAsync(connection, AppRole);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {OwnerRole}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        var superuser = builder.ConnectionString;
        builder.Username = OwnerRole;
        builder.Password = RolePassword;
        var owner = builder.ConnectionString;
        builder.Username = AppRole;
        return new TestDatabase(kind, builder.ConnectionString, name, null)
        {
            MigrationConnectionString = owner,
            SuperuserConnectionString = superuser,
        };
    }

    /// <summary>
    /// Production mode on PostgreSQL: the tables belong to <see cref="OwnerRole"/> (not a superuser, so FORCE row-level
    /// security binds it), migrations run as it, and the app connects as <see cref="AppRole"/>, which only has DML rights.
    /// Roles are cluster-wide, so they are created once and shared by every test database.
    /// </summary>
    private static async Task EnsureRoleAsync(NpgsqlConnection connection, string role)
    {
        await using var command = new NpgsqlCommand(
            $"DO $$ BEGIN CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '{RolePassword}'; " +
            "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$", connection);
        await command.ExecuteNonQueryAsync();
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
