using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMate.Bench;

/// <summary>
/// `turns --sqlite-pragmas "synchronous=NORMAL;busy_timeout=5000"`: a what-if experiment, NOT the shipped configuration.
/// Runs the given PRAGMAs on every SQLite connection the app's DbContext opens (hooked through EF Core's
/// ConnectionOpened diagnostic event, so src/ is untouched), to measure what a connection interceptor in the app would buy.
/// </summary>
internal sealed class SqlitePragmaWhatIf : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _sql;
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];

    public SqlitePragmaWhatIf(string pragmas)
    {
        var statements = pragmas.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (statements.Length == 0 || statements.Any(s => !System.Text.RegularExpressions.Regex.IsMatch(s, "^[a-z_]+ *= *[A-Za-z0-9_]+$")))
        {
            throw new ArgumentException("--sqlite-pragmas takes name=value pairs separated by ';', e.g. \"synchronous=NORMAL;busy_timeout=5000\".");
        }
        _sql = string.Join(' ', statements.Select(s => $"PRAGMA {s};"));
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public string Sql => _sql;

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.ConnectionOpened.Name));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is ConnectionEndEventData { Connection: SqliteConnection connection })
        {
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // validated name=value pairs from the command line
            command.CommandText = _sql;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions)
        {
            foreach (var s in _subscriptions)
            {
                s.Dispose();
            }
        }
    }
}
