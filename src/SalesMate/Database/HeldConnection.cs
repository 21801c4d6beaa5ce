using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SalesMate.Database;

/// <summary>
/// Keeps a context's PostgreSQL connection open across a short phase of a chat turn (a few queries and a save, never a
/// call to the model), so the row-level-security settings that the phase's first query carries stay on the connection and
/// the save needs no <c>SET</c> round trip of its own (<see cref="TenantSessionInterceptor"/>). Its writes are chat
/// writes (<see cref="TenantSettingsOnConnection.ChatWrites"/>). On SQLite, or when the connection is already open (an
/// outer hold or transaction), it does nothing.
/// </summary>
public sealed class HeldConnection : IAsyncDisposable
{
    private readonly SalesMateDbContext? _db;

    private HeldConnection(SalesMateDbContext? db) => _db = db;

    public static async Task<HeldConnection> OpenAsync(SalesMateDbContext db, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres || db.Database.GetDbConnection().State != System.Data.ConnectionState.Closed)
        {
            return new HeldConnection(null);
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        db.TenantSettingsOnConnection.Begin(SessionStateSurvivesPool(db));
        return new HeldConnection(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_db is not null)
        {
            _db.TenantSettingsOnConnection.End();
            await _db.Database.CloseConnectionAsync();
        }
    }

    private sealed record Parsed(string? ConnectionString, bool NoResetOnClose);

    private static Parsed? _parsed; // one connection string per app: parsed once, replaced whole (no torn reads)

    /// <summary>With No Reset On Close, a pooled connection may arrive carrying another context's settings: never trust it.</summary>
    internal static bool SessionStateSurvivesPool(SalesMateDbContext db)
    {
        var connectionString = db.Database.GetConnectionString();
        var parsed = _parsed;
        if (parsed is null || !ReferenceEquals(parsed.ConnectionString, connectionString))
        {
            parsed = new Parsed(connectionString, new NpgsqlConnectionStringBuilder(connectionString).NoResetOnClose);
            _parsed = parsed;
        }
        return parsed.NoResetOnClose;
    }
}

/// <summary>
/// What <see cref="TenantSessionInterceptor"/> knows about the row-level-security settings on a held connection. Fail
/// closed: the settings count as carried only when every command since the connection was opened ran with the same ones
/// and succeeded, outside any transaction; anything else (another tenant, a failure, a transaction, a statement naming
/// <c>salesmate.</c> settings itself) distrusts the connection until it is closed.
/// </summary>
internal sealed class TenantSettingsOnConnection
{
    private bool _held;
    private bool _distrusted;
    private bool _chatWritesMarked;
    private ConnectionSettings? _carried;

    /// <summary>
    /// The context's writes belong to a chat turn (a held phase, or a context marked by <see cref="MarkChatWrites"/>):
    /// their commits need not wait for the WAL flush (<see cref="TenantSessionInterceptor"/>).
    /// </summary>
    public bool ChatWrites => _held || _chatWritesMarked;

    /// <summary>For a short-lived context that only writes a chat turn's rows (a stream's events and status).</summary>
    public void MarkChatWrites() => _chatWritesMarked = true;

    public void Begin(bool distrusted)
    {
        _held = true;
        _distrusted = distrusted;
        _carried = null;
    }

    public void End()
    {
        _held = false;
        _carried = null;
    }

    public bool Carries(ConnectionSettings settings) => _held && !_distrusted && _carried == settings;

    /// <summary>A command that sent <paramref name="settings"/> completed.</summary>
    public void Applied(ConnectionSettings settings)
    {
        if (!_held || _distrusted)
        {
            return;
        }
        if (_carried is { } carried && carried != settings)
        {
            Distrust();
            return;
        }
        _carried = settings;
    }

    public void Distrust()
    {
        _distrusted = true;
        _carried = null;
    }
}

/// <summary>What a command's <c>SET</c> prefix tells PostgreSQL: the tenant, the cross-tenant flag, and whether commits skip the WAL flush wait.</summary>
internal readonly record struct ConnectionSettings(Guid? Tenant, bool AllTenants, bool RelaxedCommit);
