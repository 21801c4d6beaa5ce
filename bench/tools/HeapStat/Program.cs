using System.Globalization;
using Microsoft.Diagnostics.Runtime;

// HeapStat <pid> <out.tsv>: attaches to a live .NET process (suspending it while it walks the heap) and writes one line
// per type: count, total shallow bytes, type name. Diff two files with `HeapStat --diff a.tsv b.tsv N [top]` to get
// bytes per unit (e.g. per stream) for the types that grew.
if (args.Length >= 4 && args[0] == "--diff")
{
    var a = Load(args[1]);
    var b = Load(args[2]);
    var n = double.Parse(args[3], CultureInfo.InvariantCulture);
    var top = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 40;
    var rows = b.Keys.Union(a.Keys)
        .Select(t => (Type: t, Count: b.GetValueOrDefault(t).Count - a.GetValueOrDefault(t).Count, Bytes: b.GetValueOrDefault(t).Bytes - a.GetValueOrDefault(t).Bytes))
        .OrderByDescending(r => r.Bytes).ToList();
    var total = rows.Sum(r => r.Bytes);
    Console.WriteLine($"total growth {total / 1024.0 / 1024:0.0} MB = {total / n:0} bytes per unit (n={n})");
    Console.WriteLine("bytes/unit  objs/unit  type");
    foreach (var r in rows.Take(top))
    {
        Console.WriteLine($"{r.Bytes / n,10:0}  {r.Count / n,9:0.00}  {r.Type}");
    }
    return 0;
}
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: HeapStat <pid> <out.tsv> | HeapStat --diff a.tsv b.tsv N [top]");
    return 2;
}
var pid = int.Parse(args[0], CultureInfo.InvariantCulture);
using var target = DataTarget.AttachToProcess(pid, suspend: true);
var runtime = target.ClrVersions[0].CreateRuntime();
// Only objects reachable from the GC roots count: the process keeps allocating between its last GC and the attach,
// and that garbage is still on the heap.
var heap = runtime.Heap;
var stats = new Dictionary<string, (long Count, long Bytes)>();
var seen = new HashSet<ulong>();
var pending = new Stack<(ulong Address, string Parent)>();
// Buffers and strings are listed per referencing type, so the diff shows who holds them.
var byParent = new HashSet<string> { "System.Byte[]", "System.String", "System.Char[]", "System.Object[]" };
// HEAPSTAT_PARENTS=all lists every type by the type that first reached it (for finding who holds a collection).
var allByParent = Environment.GetEnvironmentVariable("HEAPSTAT_PARENTS") == "all";
foreach (var root in heap.EnumerateRoots())
{
    if (root.Object.Address != 0 && seen.Add(root.Object.Address))
    {
        pending.Push((root.Object.Address, "<root>"));
    }
}
long dead = 0;
while (pending.Count > 0)
{
    var (address, parent) = pending.Pop();
    var obj = heap.GetObject(address);
    if (!obj.IsValid)
    {
        continue;
    }
    var typeName = obj.Type?.Name ?? "<unknown>";
    var name = allByParent || byParent.Contains(typeName) ? $"{typeName} <- {parent}" : typeName;
    var (c, b) = stats.GetValueOrDefault(name);
    stats[name] = (c + 1, b + (long)obj.Size);
    foreach (var child in obj.EnumerateReferenceAddresses(carefully: true, considerDependantHandles: true))
    {
        if (child != 0 && seen.Add(child))
        {
            pending.Push((child, typeName));
        }
    }
}
foreach (var obj in heap.EnumerateObjects())
{
    if (obj.IsValid && !obj.IsFree && !seen.Contains(obj.Address))
    {
        dead += (long)obj.Size;
    }
}
Console.Write($"unreachable (not counted) {dead / 1048576.0:0.0} MB; ");
using var output = new StreamWriter(args[1]);
foreach (var (name, (count, bytes)) in stats.OrderByDescending(s => s.Value.Bytes))
{
    output.WriteLine($"{count}\t{bytes}\t{name}");
}
Console.WriteLine($"{stats.Count} types, {stats.Sum(s => s.Value.Count)} objects, {stats.Sum(s => s.Value.Bytes) / 1048576.0:0.0} MB -> {args[1]}");
return 0;

static Dictionary<string, (long Count, long Bytes)> Load(string file) =>
    File.ReadLines(file).Select(l => l.Split('\t', 3)).ToDictionary(f => f[2], f => (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture)));
