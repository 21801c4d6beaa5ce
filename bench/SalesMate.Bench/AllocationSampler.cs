using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SalesMate.Bench;

/// <summary>
/// Which types a phase allocates: the runtime's GCAllocationTick event fires about every 100 KB allocated and names
/// the type of the allocation that crossed the mark, so over many turns the ticks per type approximate the bytes per
/// type. Counted under <see cref="Label"/> (a phase name); an empty label counts nothing.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<(string Label, string Type), long> _bytes = new();

    public volatile string Label = "";

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        var label = Label;
        if (label.Length == 0 || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }
        var type = e.PayloadNames?.IndexOf("TypeName") is >= 0 and var t ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames?.IndexOf("AllocationAmount64") is >= 0 and var a ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytes.AddOrUpdate((label, type), amount, (_, old) => old + amount);
    }

    /// <summary>The <paramref name="top"/> types with the most sampled bytes under <paramref name="label"/>.</summary>
    public IEnumerable<(string Type, long Bytes)> Top(string label, int top) =>
        _bytes.Where(kv => kv.Key.Label == label).OrderByDescending(kv => kv.Value).Take(top).Select(kv => (kv.Key.Type, kv.Value));
}
