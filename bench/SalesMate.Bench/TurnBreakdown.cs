using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SalesMate.Bench;

/// <summary>
/// `turns --breakdown`: a light in-process profile without touching the app. Listens to the ASP.NET Core hosting and
/// EF Core DiagnosticListeners and, per chat-message request, adds up the time spent in database commands, opening
/// connections and committing, keyed by the request's Activity. Reports where the server-side time goes and the
/// distribution of each part, so a missed target can be attributed (HTTP/client vs app CPU vs database vs waits).
/// </summary>
internal sealed class TurnBreakdown : IObserver<DiagnosticListener>, IDisposable
{
    private const string RequestStop = "Microsoft.AspNetCore.Hosting.HttpRequestIn.Stop";
    private readonly ConcurrentDictionary<string, Acc> _open = new();
    private readonly ConcurrentBag<Row> _rows = [];
    private readonly ConcurrentDictionary<string, (int Count, double Ms)> _commandKinds = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;
    private volatile bool _recording;

    private sealed class Acc
    {
        public double CommandMs;
        public double SlowestCommandMs;
        public int Commands;
        public double CommitMs;
        public double OpenMs;
        public double BeginMs;
    }

    public sealed record Row(double RequestMs, double CommandMs, double SlowestCommandMs, int Commands, double CommitMs, double OpenMs, double BeginMs)
    {
        public double DatabaseMs => CommandMs + CommitMs + OpenMs + BeginMs;
    }

    public TurnBreakdown() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public void Record(bool on) => _recording = on;

    public IReadOnlyCollection<Row> Rows => _rows;

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(new Observer(OnAspNetCore),
                    name => name.StartsWith("Microsoft.AspNetCore.Hosting.HttpRequestIn", StringComparison.Ordinal)));
            }
        }
        else if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(new Observer(OnEf), name =>
                    name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.TransactionCommitted.Name ||
                    name == RelationalEventId.TransactionStarted.Name ||
                    name == RelationalEventId.ConnectionOpened.Name));
            }
        }
    }

    private void OnAspNetCore(KeyValuePair<string, object?> e)
    {
        if (e.Key != RequestStop || !_recording || e.Value is not HttpContext http || Activity.Current is not { } activity)
        {
            return;
        }
        _open.TryRemove(activity.Id!, out var acc);
        if (http.Request.Path.Value?.EndsWith("/chat/message", StringComparison.Ordinal) == true)
        {
            acc ??= new Acc();
            _rows.Add(new Row(activity.Duration.TotalMilliseconds, acc.CommandMs, acc.SlowestCommandMs, acc.Commands, acc.CommitMs, acc.OpenMs, acc.BeginMs));
        }
    }

    private void OnEf(KeyValuePair<string, object?> e)
    {
        if (!_recording || Activity.Current is not { } activity)
        {
            return;
        }
        var acc = _open.GetOrAdd(activity.Id!, _ => new Acc());
        switch (e.Value)
        {
            case CommandExecutedEventData command:
                var ms = command.Duration.TotalMilliseconds;
                lock (acc)
                {
                    acc.CommandMs += ms;
                    acc.Commands++;
                    acc.SlowestCommandMs = Math.Max(acc.SlowestCommandMs, ms);
                }
                var kind = Kind(command.Command.CommandText);
                _commandKinds.AddOrUpdate(kind, (1, ms), (_, v) => (v.Count + 1, v.Ms + ms));
                break;
            case TransactionEndEventData end when e.Key == RelationalEventId.TransactionStarted.Name:
                lock (acc)
                {
                    acc.BeginMs += end.Duration.TotalMilliseconds; // SQLite: BEGIN IMMEDIATE, i.e. waiting for the write lock
                }
                break;
            case TransactionEndEventData commit:
                lock (acc)
                {
                    acc.CommitMs += commit.Duration.TotalMilliseconds;
                }
                break;
            case ConnectionEndEventData open:
                lock (acc)
                {
                    acc.OpenMs += open.Duration.TotalMilliseconds;
                }
                break;
        }
    }

    /// <summary>First keyword and table of a statement, e.g. "SELECT conversations".</summary>
    private static string Kind(string sql)
    {
        var words = sql.Replace('\n', ' ').Replace('"', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words.FirstOrDefault()?.ToUpperInvariant() ?? "?";
        var tableIndex = verb switch
        {
            "INSERT" => Array.FindIndex(words, w => w.Equals("INTO", StringComparison.OrdinalIgnoreCase)) + 1,
            "UPDATE" => 1,
            _ => Array.FindIndex(words, w => w.Equals("FROM", StringComparison.OrdinalIgnoreCase)) + 1,
        };
        return tableIndex > 0 && tableIndex < words.Length ? $"{verb} {words[tableIndex]}" : verb;
    }

    public void Print(IReadOnlyCollection<double> clientMs)
    {
        var rows = _rows.ToArray();
        if (rows.Length == 0)
        {
            Console.WriteLine("  breakdown: no requests recorded");
            return;
        }
        var client = new Stats(clientMs);
        var request = new Stats(rows.Select(r => r.RequestMs));
        var db = new Stats(rows.Select(r => r.DatabaseMs));
        var app = new Stats(rows.Select(r => Math.Max(0, r.RequestMs - r.DatabaseMs)));
        Console.WriteLine("  breakdown (--breakdown; per POST /chat/message, ms):");
        Console.WriteLine($"    client-observed                     {client.Line(50, 90, 99)}");
        Console.WriteLine($"    server request (hosting activity)   {request.Line(50, 90, 99)}");
        Console.WriteLine($"    database: begin+commands+commit+open {db.Line(50, 90, 99)}");
        Console.WriteLine($"      of which begin transaction        {new Stats(rows.Select(r => r.BeginMs)).Line(50, 90, 99)}");
        Console.WriteLine($"      of which commit                   {new Stats(rows.Select(r => r.CommitMs)).Line(50, 90, 99)}");
        Console.WriteLine($"      slowest single command            {new Stats(rows.Select(r => r.SlowestCommandMs)).Line(50, 90, 99)}");
        Console.WriteLine($"    server minus database (app CPU, waits) {app.Line(50, 90, 99)}");
        Console.WriteLine($"    client minus server (HTTP, JSON, queueing): mean {Stats.Ms(client.Mean - request.Mean)}");
        Console.WriteLine($"    DB commands per turn: mean {rows.Average(r => r.Commands):0.0}, max {rows.Max(r => r.Commands)}");
        foreach (var (kind, (count, ms)) in _commandKinds.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine($"      {kind,-32} {count / (double)rows.Length,5:0.00}/turn  mean {Stats.Ms(ms / count)} ms");
        }
        var slowTurns = rows.Where(r => r.RequestMs >= request.P(99)).ToArray();
        Console.WriteLine($"    slowest 1% of turns ({slowTurns.Length}): mean request {Stats.Ms(slowTurns.Average(r => r.RequestMs))}, " +
                          $"database {Stats.Ms(slowTurns.Average(r => r.DatabaseMs))}, begin {Stats.Ms(slowTurns.Average(r => r.BeginMs))}, commit {Stats.Ms(slowTurns.Average(r => r.CommitMs))}");
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

    private sealed class Observer(Action<KeyValuePair<string, object?>> onNext) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => onNext(value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
