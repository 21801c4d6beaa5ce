using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMate.Database;

/// <summary>
/// Per-connection SQLite settings. Without busy_timeout, Microsoft.Data.Sqlite retries a locked write by sleeping
/// 150 ms at a time, so two colliding writers cost each other at least 150 ms; SQLite's own busy handler waits
/// only as long as the lock is held. synchronous=NORMAL is the usual pairing with WAL.
/// </summary>
/// <remarks>
/// EF opens and closes the connection around every query, but Microsoft.Data.Sqlite pools the native handles and the
/// pragmas stay set on them, so they run once per native connection rather than once per open.
/// </remarks>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;";
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);
}
