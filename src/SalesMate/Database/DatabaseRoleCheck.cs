using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Database;

/// <summary>
/// On PostgreSQL, checks at start-up that row-level security binds the role the app connects as. With
/// <c>database.app_role</c> set (production mode) a role that escapes it stops the start; without, it is a warning.
/// </summary>
public sealed class DatabaseRoleCheck(SalesMateDbContext db, IOptions<DatabaseOptions> options, ILogger<DatabaseRoleCheck> logger)
{
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        var problems = Problems(await ReadAsync(cancellationToken), options.Value.AppRole);
        if (problems.Count == 0)
        {
            return;
        }
        if (options.Value.AppRole is { Length: > 0 })
        {
            throw new InvalidOperationException($"database.app_role: {string.Join(" ", problems)} See docs/DEPLOYMENT.md.");
        }
        logger.LogWarning("Row-level security does not fully protect this deployment: {Problems} Set database.app_role " +
            "(docs/DEPLOYMENT.md) to connect as a non-owner role.", string.Join(" ", problems));
    }

    internal sealed record RoleFacts(string User, bool Superuser, bool BypassRls, IReadOnlyList<string> OwnedTables);

    internal static List<string> Problems(RoleFacts facts, string? appRole)
    {
        var problems = new List<string>();
        if (appRole is { Length: > 0 } && facts.User != appRole)
        {
            problems.Add($"database.connection_string logs in as '{facts.User}', not as '{appRole}'.");
        }
        if (facts.Superuser || facts.BypassRls)
        {
            problems.Add($"'{facts.User}' is {(facts.Superuser ? "a superuser" : "a BYPASSRLS role")}, which row-level security does not bind.");
        }
        if (facts.OwnedTables.Count > 0)
        {
            problems.Add($"'{facts.User}' owns {facts.OwnedTables.Count} tables (e.g. {facts.OwnedTables[0]}) and could switch " +
                "row-level security off; the app should only have SELECT/INSERT/UPDATE/DELETE.");
        }
        return problems;
    }

    private async Task<RoleFacts> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT r.rolname::text, r.rolsuper, r.rolbypassrls,
                       coalesce((SELECT array_agg(c.relname::text ORDER BY c.relname) FROM pg_class c
                                 WHERE c.relowner = r.oid AND c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace),
                                '{}')
                FROM pg_roles r WHERE r.rolname = current_user
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new RoleFacts(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2), reader.GetFieldValue<string[]>(3));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
