using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace SalesMate.Database;

/// <summary>
/// Applies the versioned SQL scripts embedded under Database/Migrations/{sqlite|postgres}, each once, in order, in a
/// transaction, recording them in <c>schema_migrations</c>. On PostgreSQL an advisory lock keeps concurrent instances
/// from racing; on SQLite the IMMEDIATE transaction does the same.
/// </summary>
public sealed class MigrationRunner(SalesMateDbContext db, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x5A1E_5A7E;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var isPostgres = db.Database.IsNpgsql();
        var scripts = LoadScripts(isPostgres ? "postgres" : "sqlite");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var applied = new List<string>();
        try
        {
            if (isPostgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
            }
            else
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }
            await ExecuteAsync(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
                cancellationToken);

            foreach (var (version, sql) in scripts)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (await IsAppliedAsync(connection, transaction, version, cancellationToken))
                {
                    continue;
                }
                logger.LogInformation("Applying migration {Version}", version);
                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)";
                    AddParameter(record, "@v", version);
                    AddParameter(record, "@at", DateTime.UtcNow.ToString("O"));
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                applied.Add(version);
            }
        }
        finally
        {
            if (isPostgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
            await db.Database.CloseConnectionAsync();
        }
        return applied;
    }

    /// <summary>Versions that exist in the build but are not yet applied (for health checks and `migrate --dry-run`).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var scripts = LoadScripts(db.Database.IsNpgsql() ? "postgres" : "sqlite");
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var pending = new List<string>();
            foreach (var (version, _) in scripts)
            {
                if (!await TableExistsAsync(connection, cancellationToken) ||
                    !await IsAppliedAsync(connection, null, version, cancellationToken))
                {
                    pending.Add(version);
                }
            }
            return pending;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    internal static IReadOnlyList<(string Version, string Sql)> LoadScripts(string provider)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"migrations/{provider}/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return (Path.GetFileNameWithoutExtension(name), reader.ReadToEnd());
            })
            .ToList();
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection.GetType().Name.Contains("Npgsql", StringComparison.Ordinal)
            ? "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
            : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction? transaction, string version,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM schema_migrations WHERE version = @v";
        AddParameter(command, "@v", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
