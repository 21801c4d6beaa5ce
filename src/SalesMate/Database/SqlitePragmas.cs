using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMate.Database;

/// <summary>
/// Per-connection SQLite settings. Without busy_timeout, Microsoft.Data.Sqlite retries a locked write by sleeping
/// 150 ms at a time, so two colliding writers cost each other at least 150 ms; SQLite's own busy handler waits
/// only as long as the lock is held. synchronous=NORMAL is the usual pairing with WAL.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
