using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace SalesMate.Bench;

/// <summary>
/// Which methods the runtime compiles while <see cref="Recording"/> is on (--jit-list N): the MethodLoadVerbose event
/// names each compiled method and its optimization tier, so a steady state that keeps compiling (tier-1 promotions,
/// or dynamic methods such as freshly compiled expression trees) shows what it compiles.
/// </summary>
internal sealed class JitSampler : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;
    private readonly ConcurrentDictionary<(string Tier, string Method), int> _methods = new();

    public volatile bool Recording;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Recording || e.EventName is null || !e.EventName.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) || e.Payload is null)
        {
            return;
        }
        string Field(string name) => e.PayloadNames?.IndexOf(name) is >= 0 and var i ? e.Payload[i]?.ToString() ?? "" : "";
        var flags = uint.TryParse(Field("MethodFlags"), out var f) ? f : 0;
        var tier = ((flags >> 7) & 0x7) switch
        {
            1 => "min-opt", 2 => "optimized", 3 => "tier0", 4 => "tier1", 5 => "tier1-osr", 6 => "tier0-instr", 7 => "tier1-instr", _ => "?",
        } + ((flags & 0x1) != 0 ? " dynamic" : "");
        var ns = Field("MethodNamespace");
        _methods.AddOrUpdate((tier, ns + "::" + Field("MethodName")), 1, (_, n) => n + 1);
    }

    public void Print(int top)
    {
        Console.WriteLine($"  methods compiled during measurement by tier (--jit-list): " +
                          string.Join(", ", _methods.GroupBy(kv => kv.Key.Tier).OrderByDescending(g => g.Sum(kv => kv.Value))
                              .Select(g => $"{g.Key} {g.Sum(kv => kv.Value)}")));
        foreach (var ((tier, method), count) in _methods.OrderByDescending(kv => kv.Value).Take(top))
        {
            Console.WriteLine($"    {count,5}  {tier,-16} {(method.Length > 150 ? method[..150] : method)}");
        }
    }
}
