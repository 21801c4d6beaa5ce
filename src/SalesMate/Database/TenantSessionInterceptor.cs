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
/// <c>SET</c> command runs just before them on the same connection and transaction, unless the connection is held open
/// (<see cref="HeldConnection"/>) and provably carries the same settings already (<see cref="TenantSettingsOnConnection"/>;
/// docs/decisions/0012a-postgres-round-trips.md).</item>
/// </list>
/// No tenant and no cross-tenant job sets an empty tenant: the policies then match no row (fail closed).
/// A chat turn's writes (<see cref="TenantSettingsOnConnection.ChatWrites"/>) also get <c>SET synchronous_commit = off</c>
/// unless <paramref name="relaxChatCommits"/> is false (database.durable_chat_commits); Npgsql's reset of a pooled
/// connection (RESET ALL) undoes it, so it is never sent when the connection string says No Reset On Close
/// (docs/decisions/0013b-postgres-cost-per-turn.md).
/// </summary>
internal sealed class TenantSessionInterceptor(bool relaxChatCommits) : DbCommandInterceptor, IDbTransactionInterceptor
{
    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges && eventData.Context is SalesMateDbContext db)
        {
            if (result.CommandText.Contains("salesmate.", StringComparison.Ordinal))
            {
                db.TenantSettingsOnConnection.Distrust(); // the statement itself may change the settings
            }
            result.CommandText = SettingsFor(db) + result.CommandText;
        }
        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Completed(eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Completed(eventData);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Completed(eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Completed(eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Completed(eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Completed(eventData);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Distrust(eventData.Context);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Distrust(eventData.Context);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Distrust(eventData.Context);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Distrust(eventData.Context);
        return Task.CompletedTask;
    }

    // A SET inside a transaction is undone by its rollback, so settings sent inside one are never trusted afterwards.
    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Distrust(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Distrust(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionUsed(DbConnection connection, TransactionEventData eventData, DbTransaction result)
    {
        Distrust(eventData.Context);
        return result;
    }

    public ValueTask<DbTransaction> TransactionUsedAsync(DbConnection connection, TransactionEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Distrust(eventData.Context);
        return ValueTask.FromResult(result);
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

    private const string RelaxedCommit = "SET synchronous_commit = off; ";

    /// <summary>The statements for the context's current tenant; a Guid's "D" form is hex and hyphens only, so it is safe inline.</summary>
    private string SettingsFor(SalesMateDbContext db)
    {
        var settings = Settings(db);
        return $"SET salesmate.tenant_id = '{settings.Tenant?.ToString("D") ?? ""}'; " +
               $"SET salesmate.all_tenants = '{(settings.AllTenants ? "on" : "off")}'; " +
               (settings.RelaxedCommit ? RelaxedCommit : "");
    }

    private ConnectionSettings Settings(SalesMateDbContext db) =>
        new(db.TenantScope.ResolvedTenantId, db.TenantScope.CrossTenantJob is not null,
            relaxChatCommits && db.TenantSettingsOnConnection.ChatWrites && !HeldConnection.SessionStateSurvivesPool(db));

    private void Completed(CommandExecutedEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges && eventData.Context is SalesMateDbContext db)
        {
            MarkApplied(db);
        }
    }

    private static void Distrust(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is SalesMateDbContext db)
        {
            db.TenantSettingsOnConnection.Distrust();
        }
    }

    private void ApplyBeforeSaveChanges(DbCommand command, CommandEventData eventData)
    {
        if (SaveChangesSettings(command, eventData) is { } settings)
        {
            using (settings)
            {
                settings.ExecuteNonQuery();
            }
            MarkApplied(eventData.Context);
        }
    }

    private async Task ApplyBeforeSaveChangesAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (SaveChangesSettings(command, eventData) is { } settings)
        {
            await using (settings)
            {
                await settings.ExecuteNonQueryAsync(cancellationToken);
            }
            MarkApplied(eventData.Context);
        }
    }

    private void MarkApplied(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is SalesMateDbContext db)
        {
            db.TenantSettingsOnConnection.Applied(Settings(db));
        }
    }

    /// <summary>The SET to run before a SaveChanges command; none when the held connection already carries the same settings.</summary>
    private DbCommand? SaveChangesSettings(DbCommand command, CommandEventData eventData)
    {
        if (eventData.CommandSource != CommandSource.SaveChanges || eventData.Context is not SalesMateDbContext db
            || db.TenantSettingsOnConnection.Carries(Settings(db)))
        {
            return null;
        }
        var settings = command.Connection!.CreateCommand();
        settings.Transaction = command.Transaction;
        settings.CommandText = SettingsFor(db);
        return settings;
    }
}
