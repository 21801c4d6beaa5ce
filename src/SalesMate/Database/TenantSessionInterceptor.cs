using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMate.Database;

/// <summary>
/// Tells PostgreSQL which tenant each command acts for, so row-level security (migration 0008) enforces the same isolation
/// as the query filters even for raw SQL or IgnoreQueryFilters. Npgsql resets session settings when a pooled connection
/// is returned, and EF opens a connection per query, so the settings travel with every command:
/// <list type="bullet">
/// <item>queries, ExecuteUpdate/Delete and raw SQL get <c>SET ...;</c> statements in front of their text: same round trip,
/// about 20 µs more (docs/decisions/0007e-row-level-security.md);</item>
/// <item>SaveChanges batches cannot be prefixed (EF reads each statement's row count by position), so a separate
/// <c>SET</c> command runs just before them on the same connection and transaction.</item>
/// </list>
/// No tenant and no cross-tenant job sets an empty tenant: the policies then match no row (fail closed).
/// </summary>
internal sealed class TenantSessionInterceptor : DbCommandInterceptor
{
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges && SettingsFor(eventData.Context) is { } settings)
        {
            result.CommandText = settings + result.CommandText;
        }
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result)
    {
        ApplyBeforeSaveChanges(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ApplyBeforeSaveChangesAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        ApplyBeforeSaveChanges(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ApplyBeforeSaveChangesAsync(command, eventData, cancellationToken);
        return result;
    }

    /// <summary>The statements for the context's current tenant; a Guid's "D" form is hex and hyphens only, so it is safe inline.</summary>
    internal static string? SettingsFor(Microsoft.EntityFrameworkCore.DbContext? context) => context is SalesMateDbContext db
        ? $"SET salesmate.tenant_id = '{db.TenantScope.ResolvedTenantId?.ToString("D") ?? ""}'; " +
          $"SET salesmate.all_tenants = '{(db.TenantScope.CrossTenantJob is null ? "off" : "on")}'; "
        : null;

    private static void ApplyBeforeSaveChanges(DbCommand command, CommandEventData eventData)
    {
        if (SaveChangesSettings(command, eventData) is { } settings)
        {
            using (settings)
            {
                settings.ExecuteNonQuery();
            }
        }
    }

    private static async Task ApplyBeforeSaveChangesAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (SaveChangesSettings(command, eventData) is { } settings)
        {
            await using (settings)
            {
                await settings.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private static DbCommand? SaveChangesSettings(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges || SettingsFor(eventData.Context) is not { } text)
        {
            return null;
        }
        var settings = command.Connection!.CreateCommand();
        settings.Transaction = command.Transaction;
        settings.CommandText = text;
        return settings;
    }
}
