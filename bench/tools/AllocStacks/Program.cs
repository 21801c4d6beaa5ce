using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// AllocStacks <pid> <seconds> [top] [frame-prefix]
// Samples allocations (GCAllocationTick, about one per 100 KB) with their call stacks for <seconds>, then prints the
// bytes attributed to each method whose name starts with frame-prefix (default "SalesMate."): inclusive (the method is
// anywhere on the stack) and nearest (the innermost such method), plus the allocated type under each nearest method.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: AllocStacks <pid> <seconds> [top=40] [frame-prefix=SalesMate.]");
    return 2;
}
var pid = int.Parse(args[0]);
var seconds = int.Parse(args[1]);
var top = args.Length > 2 ? int.Parse(args[2]) : 40;
var prefix = args.Length > 3 ? args[3] : "SalesMate.";
var file = Path.Combine(Path.GetTempPath(), $"allocstacks-{pid}-{DateTime.UtcNow:HHmmss}.nettrace");

var client = new DiagnosticsClient(pid);
var providers = new[]
{
    new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose,
        (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Jit)),
};
using (var session = client.StartEventPipeSession(providers, requestRundown: true, circularBufferMB: 512))
{
    await using var output = File.Create(file);
    var copy = session.EventStream.CopyToAsync(output);
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    await session.StopAsync(CancellationToken.None);
    await copy;
}

var etlx = TraceLog.CreateFromEventPipeDataFile(file);
using var log = new TraceLog(etlx);
var inclusive = new Dictionary<string, long>();
var nearest = new Dictionary<string, long>();
var nearestTypes = new Dictionary<(string Method, string Type), long>();
long total = 0;
var ticks = 0;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData tick)
    {
        continue;
    }
    ticks++;
    var bytes = tick.AllocationAmount64 > 0 ? tick.AllocationAmount64 : tick.AllocationAmount;
    total += bytes;
    string? innermost = null;
    var seen = new HashSet<string>();
    for (var frame = e.CallStack(); frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(name) || !name.StartsWith(prefix, StringComparison.Ordinal) || name.StartsWith("SalesMate.Bench", StringComparison.Ordinal))
        {
            continue;
        }
        name = Shorten(name);
        innermost ??= name;
        if (seen.Add(name))
        {
            inclusive[name] = inclusive.GetValueOrDefault(name) + bytes;
        }
    }
    var key = innermost ?? "(no app frame)";
    nearest[key] = nearest.GetValueOrDefault(key) + bytes;
    nearestTypes[(key, tick.TypeName)] = nearestTypes.GetValueOrDefault((key, tick.TypeName)) + bytes;
}
Console.WriteLine($"{ticks} allocation ticks, {total / 1024.0 / 1024.0:0.0} MB sampled in {seconds} s ({file})");
Console.WriteLine($"-- inclusive (share of all sampled bytes), methods starting with {prefix}");
foreach (var (name, bytes) in inclusive.OrderByDescending(kv => kv.Value).Take(top))
{
    Console.WriteLine($"  {100.0 * bytes / total,5:0.0}%  {name}");
}
Console.WriteLine("-- nearest app frame, with its top types");
foreach (var (name, bytes) in nearest.OrderByDescending(kv => kv.Value).Take(top))
{
    var types = nearestTypes.Where(kv => kv.Key.Method == name).OrderByDescending(kv => kv.Value).Take(3)
        .Select(kv => $"{kv.Key.Type} {100.0 * kv.Value / total:0.0}%");
    Console.WriteLine($"  {100.0 * bytes / total,5:0.0}%  {name}   [{string.Join(", ", types)}]");
}
return 0;

static string Shorten(string name)
{
    var paren = name.IndexOf('(');
    return paren > 0 ? name[..paren] : name;
}
