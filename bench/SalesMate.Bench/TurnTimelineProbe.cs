using System.Diagnostics;
using System.Globalization;

namespace SalesMate.Bench;

/// <summary>
/// `overhead --timeline` (1 client): listens to the app's <c>SalesMate.TurnTimeline</c> marks and reports, per phase, the
/// median time of each mark after the generation started and the median step from the mark before it. A mark that
/// occurs more than once in a turn (one per provider call) is numbered: <c>sdk.call#1</c>, <c>sdk.call#2</c>.
/// Turns run one at a time, so a turn is everything from one <c>generation.start</c> to the next.
/// </summary>
internal sealed class TurnTimelineProbe : IObserver<DiagnosticListener>, IDisposable
{
    private const string ListenerName = "SalesMate.TurnTimeline";
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<string, List<List<(string Mark, long At)>>> _turns = [];
    private List<(string Mark, long At)>? _current;

    public TurnTimelineProbe() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>The bench client's own marks (client.send, client.first_token, client.response), on the app's listener name.</summary>
    public static readonly DiagnosticListener Client = new(ListenerName);

    public static void Mark(string moment)
    {
        if (Client.IsEnabled(moment))
        {
            Client.Write(moment, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The phase being measured; marks outside a labelled phase are ignored.</summary>
    public volatile string? Label;

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == ListenerName)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(new Observer(this)));
            }
        }
    }

    private void Record(string mark, long at)
    {
        if (Label is not { } label)
        {
            return;
        }
        lock (_turns)
        {
            // A turn starts when the bench client sends it (client.send), or, for marks without a client, at generation.start.
            if (mark == "client.send" || (mark == "generation.start" && (_current is null || _current.Exists(m => m.Mark == mark))))
            {
                _current = [];
                if (!_turns.TryGetValue(label, out var list))
                {
                    _turns[label] = list = [];
                }
                list.Add(_current);
            }
            _current?.Add((mark, at));
        }
    }

    public void Print(string label)
    {
        List<List<(string Mark, long At)>> turns;
        lock (_turns)
        {
            if (!_turns.TryGetValue(label, out var found) || found.Count == 0)
            {
                return;
            }
            turns = found;
        }
        var offsets = new Dictionary<string, List<double>>();
        var steps = new Dictionary<string, List<double>>();
        var order = new Dictionary<string, List<int>>();
        foreach (var turn in turns)
        {
            var seen = new Dictionary<string, int>();
            for (var i = 0; i < turn.Count; i++)
            {
                var (mark, at) = turn[i];
                seen[mark] = seen.GetValueOrDefault(mark) + 1;
                var key = seen[mark] == 1 ? mark : $"{mark}#{seen[mark]}";
                Add(offsets, key, Stopwatch.GetElapsedTime(turn[0].At, at).TotalMilliseconds);
                Add(steps, key, i == 0 ? 0 : Stopwatch.GetElapsedTime(turn[i - 1].At, at).TotalMilliseconds);
                if (!order.TryGetValue(key, out var positions))
                {
                    order[key] = positions = [];
                }
                positions.Add(i);
            }
        }
        Console.WriteLine($"  timeline of a {label} turn's generation (--timeline; {turns.Count} turns; p50 ms after the first mark, p50 step from the mark before):");
        // A mark in under 5 % of turns is a stray (a stream's late event after the next turn began), not a step.
        foreach (var key in offsets.Keys.Where(k => offsets[k].Count * 20 >= turns.Count).OrderBy(k => Median(offsets[k])))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {Median(offsets[key]),7:0.000}  +{Median(steps[key]),6:0.000}  {key} ({offsets[key].Count * 100 / turns.Count}% of turns)"));
        }
    }

    private static void Add(Dictionary<string, List<double>> into, string key, double value)
    {
        if (!into.TryGetValue(key, out var list))
        {
            into[key] = list = [];
        }
        list.Add(value);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
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
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    private sealed class Observer(TurnTimelineProbe owner) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is long at)
            {
                owner.Record(value.Key, at);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
