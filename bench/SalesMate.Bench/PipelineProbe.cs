using System.Diagnostics;
using System.Globalization;

namespace SalesMate.Bench;

/// <summary>
/// `overhead --pipeline-probe N` (1 client, off by default): what a request costs outside any chat turn. In alternating
/// rounds it sends N cheap requests each to the fake provider's bare Kestrel (a 404: HTTP client + Kestrel, nothing
/// else), to SalesMate's <c>GET /health</c> (the whole middleware pipeline, no tenant, no database) and to
/// <c>GET /api/v1/chat/history?limit=1</c> with the bench session (tenant, session lookup, one small query), and
/// prints wall p50 and process CPU, allocation and SQL commands per request.
/// </summary>
internal static class PipelineProbe
{
    private sealed record Target(string Name, HttpClient Client, string Path, string? Token);

    private sealed class Cost
    {
        public readonly List<double> Ms = [];
        public TimeSpan Cpu;
        public long Allocated;
        public long Commands;
    }

    public static async Task RunAsync(int perRound, HttpClient sm, HttpClient direct, string? sessionToken, DbCommandCounter dbCounter)
    {
        Target[] targets =
        [
            new("bare Kestrel (fake provider, 404)", direct, "/probe", null),
            new("SalesMate GET /health", sm, "/health", null),
            new("SalesMate GET /api/v1/chat/history?limit=1", sm, "/api/v1/chat/history?limit=1", sessionToken),
        ];
        var costs = targets.ToDictionary(t => t, _ => new Cost());
        Console.WriteLine($"  pipeline probe: starting ({perRound} requests per target and round)");
        foreach (var target in targets)
        {
            for (var i = 0; i < 50; i++)
            {
                await SendAsync(target); // warm-up
            }
        }
        for (var round = 0; round < 4; round++)
        {
            foreach (var target in targets)
            {
                var cost = costs[target];
                var cpu = Environment.CpuUsage.TotalTime;
                var allocated = GC.GetTotalAllocatedBytes();
                var (commands, _) = dbCounter.Read();
                for (var i = 0; i < perRound; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await SendAsync(target);
                    cost.Ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                cost.Cpu += Environment.CpuUsage.TotalTime - cpu;
                cost.Allocated += GC.GetTotalAllocatedBytes() - allocated;
                cost.Commands += dbCounter.Read().Commands - commands;
            }
        }
        Console.WriteLine("  pipeline probe (--pipeline-probe; per request: wall p50, process CPU, allocated, SQL commands):");
        foreach (var target in targets)
        {
            var cost = costs[target];
            var ops = Math.Max(1, cost.Ms.Count);
            Console.WriteLine($"    {target.Name,-46} p50 {Stats.Ms(new Stats(cost.Ms).P(50)),6} ms  CPU {Stats.Ms(cost.Cpu.TotalMilliseconds / ops),6} ms  " +
                              $"{(cost.Allocated / 1024.0 / ops).ToString("0.0", CultureInfo.InvariantCulture),6} KB  {cost.Commands / (double)ops:0.00} SQL");
        }
    }

    private static async Task SendAsync(Target target)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, target.Path);
        if (target.Token is not null)
        {
            request.Headers.Add("X-Session-Token", target.Token);
        }
        using var response = await target.Client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (target.Token is not null && !response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{target.Path} answered {(int)response.StatusCode}.");
        }
    }
}
