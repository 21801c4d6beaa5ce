using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using SalesMate.Config;

namespace SalesMate.Database;

/// <summary>
/// Applies the versioned SQL scripts embedded under Database/Migrations/{sqlite|postgres}, each once, in order, in a
/// transaction, recording them in <c>schema_migrations</c>. On PostgreSQL an advisory lock keeps concurrent instances
/// from racing; on SQLite the IMMEDIATE transaction does the same.
/// </summary>
/// <remarks>
/// On PostgreSQL migrations run on <c>database.migration_connection_string</c> (the tables' owner) when it is set, act
/// across tenants (<c>salesmate.all_tenants</c>, since FORCE row-level security also binds the owner), and end by granting
/// <c>database.app_role</c> its table privileges. A database with nothing pending is left alone, so an app connected as
/// the non-owner role starts without needing DDL rights.
/// </remarks>
public sealed class MigrationRunner(SalesMateDbContext db, IOptions<DatabaseOptions> options, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x5A1E_5A7E;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var isPostgres = db.Database.IsNpgsql();
        var scripts = LoadScripts(isPostgres ? "postgres" : "sqlite");
        var ownConnection = isPostgres && !string.IsNullOrEmpty(options.Value.MigrationConnectionString)
            ? new NpgsqlConnection(options.Value.EffectiveMigrationConnectionString)
            : null;
        var connection = ownConnection ?? db.Database.GetDbConnection();
        if (ownConnection is null)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }
        else
        {
            await ownConnection.OpenAsync(cancellationToken);
        }
        var applied = new List<string>();
        try
        {
            if (isPostgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
                await ExecuteAsync(connection, null, "SET salesmate.all_tenants = 'on'", cancellationToken);
            }
            else
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }
            var done = await AppliedVersionsAsync(connection, cancellationToken);
            if (scripts.Any(s => !done.Contains(s.Version)))
            {
                await ApplyAsync(connection, scripts, applied, cancellationToken);
            }
            if (isPostgres && options.Value.AppRole is { Length: > 0 } appRole)
            {
                await GrantAppRoleAsync(connection, appRole, cancellationToken);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new InvalidOperationException(
                "Applying migrations needs the owner of the tables, but this connection may not change the schema: set " +
                "database.migration_connection_string (DATABASE__MIGRATION_CONNECTION_STRING) to the owner's connection, or run " +
                $"`salesmate migrate` with it (see docs/DEPLOYMENT.md). PostgreSQL said: {ex.MessageText}", ex);
        }
        finally
        {
            if (isPostgres)
            {
                await ExecuteAsync(connection, null, "RESET salesmate.all_tenants", CancellationToken.None);
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
            if (ownConnection is null)
            {
                await db.Database.CloseConnectionAsync();
            }
            else
            {
                await ownConnection.DisposeAsync();
            }
        }
        if (isPostgres && applied.Count > 0)
        {
            // Statements Npgsql prepared before the schema changed must not outlive it (auto-prepare, NpgsqlAutoPrepare).
            NpgsqlConnection.ClearPool((NpgsqlConnection)db.Database.GetDbConnection());
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
            var done = await AppliedVersionsAsync(connection, cancellationToken);
            return scripts.Select(s => s.Version).Where(v => !done.Contains(v)).ToList();
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

    private async Task ApplyAsync(DbConnection connection, IReadOnlyList<(string Version, string Sql)> scripts, List<string> applied,
        CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// Data privileges only: the app role may not change the schema, and only reads schema_migrations. Skipped when the
    /// migrating connection is the app role itself (it cannot grant to itself; there is nothing to grant then).
    /// </summary>
    internal static async Task GrantAppRoleAsync(DbConnection connection, string appRole, CancellationToken cancellationToken)
    {
        string user, schema;
        await using (var whoami = connection.CreateCommand())
        {
            whoami.CommandText = "SELECT current_user::text, current_schema()::text";
            await using var reader = await whoami.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            (user, schema) = (reader.GetString(0), reader.GetString(1));
        }
        if (user == appRole)
        {
            return;
        }
        var role = Quote(appRole);
        var inSchema = Quote(schema);
        try
        {
            await ExecuteAsync(connection, null,
                $"GRANT USAGE ON SCHEMA {inSchema} TO {role}; " +
                $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {inSchema} TO {role}; " +
                $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {inSchema} TO {role}; " +
                $"REVOKE INSERT, UPDATE, DELETE ON {inSchema}.schema_migrations FROM {role}",
                cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedObject)
        {
            throw new InvalidOperationException(
                $"database.app_role '{appRole}' does not exist on the server: create it first (`salesmate db create-app-role`, " +
                "or the SQL in docs/DEPLOYMENT.md).", ex);
        }
    }

    internal static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static async Task<HashSet<string>> AppliedVersionsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var versions = new HashSet<string>(StringComparer.Ordinal);
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = connection is NpgsqlConnection
                ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
                : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken)) == 0)
            {
                return versions;
            }
        }
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetString(0));
        }
        return versions;
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
