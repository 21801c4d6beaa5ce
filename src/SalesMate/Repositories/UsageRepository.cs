using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Repositories;

public sealed record UsageTotals(string Key, int Requests, int Errors, long PromptTokens, long CompletionTokens, long TotalTokens,
    decimal Cost, double AverageLatencyMs);

/// <summary>Totals over llm_requests (seed 003 cost tracking) for the current tenant.</summary>
public sealed class UsageRepository(SalesMateDbContext db)
{
    public static readonly string[] Groupings = ["model", "day", "conversation", "purpose"];

    public async Task<IReadOnlyList<UsageTotals>> TotalsAsync(DateTime from, DateTime to, string groupBy, CancellationToken cancellationToken)
    {
        var rows = db.LlmRequests.AsNoTracking().Where(r => r.CreatedAt >= from && r.CreatedAt < to);
        // Grouping keys are projected in SQL; sums are taken over the grouped rows' numbers, which every provider can
        // aggregate (SQLite stores money as REAL, so cost is summed as a double and rounded back to cents below).
        var grouped = groupBy switch
        {
            "day" => rows.GroupBy(r => r.CreatedAt.Date.ToString()),
            "conversation" => rows.GroupBy(r => r.ConversationId.HasValue ? r.ConversationId.Value.ToString() : "none"),
            "purpose" => rows.GroupBy(r => r.Purpose),
            _ => rows.GroupBy(r => r.Model),
        };
        var totals = await grouped.Select(g => new
        {
            g.Key,
            Requests = g.Count(),
            Errors = g.Count(r => r.Status != "ok"),
            Prompt = g.Sum(r => (long?)r.PromptTokens) ?? 0,
            Completion = g.Sum(r => (long?)r.CompletionTokens) ?? 0,
            Total = g.Sum(r => (long?)r.TotalTokens) ?? 0,
            Latency = g.Average(r => (double?)r.LatencyMs) ?? 0,
        }).ToListAsync(cancellationToken);
        var costs = await CostsAsync(rows, groupBy, cancellationToken);
        return totals
            .Select(t => new UsageTotals(Normalise(groupBy, t.Key), t.Requests, t.Errors, t.Prompt, t.Completion, t.Total,
                costs.GetValueOrDefault(t.Key), Math.Round(t.Latency, 1)))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What the tenant has spent since the first of this month (UTC), for the monthly budget.</summary>
    /// <remarks>
    /// Summed in SQL (EF cannot aggregate SQLite's REAL-backed decimal); the tenant predicate is explicit because raw SQL
    /// bypasses the query filter.
    /// </remarks>
    public async Task<decimal> MonthToDateCostAsync(DateTime now, CancellationToken cancellationToken)
    {
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var tenantId = db.CurrentTenantId;
        var spent = await db.Database
            .SqlQuery<decimal?>($"SELECT SUM(computed_cost) AS \"Value\" FROM llm_requests WHERE tenant_id = {tenantId} AND created_at >= {monthStart}")
            .SingleAsync(cancellationToken);
        return spent ?? 0m;
    }

    /// <summary>
    /// Cost per group, summed in decimal: EF cannot aggregate the SQLite REAL-backed decimal column, and summing
    /// exact decimals keeps totals right to the cent on both providers.
    /// </summary>
    private static async Task<Dictionary<string, decimal>> CostsAsync(IQueryable<Core.Entities.LlmRequest> rows, string groupBy,
        CancellationToken cancellationToken)
    {
        var costs = await rows.Where(r => r.ComputedCost != null).Select(r => new
        {
            Key = groupBy == "day" ? r.CreatedAt.Date.ToString()
                : groupBy == "conversation" ? (r.ConversationId.HasValue ? r.ConversationId.Value.ToString() : "none")
                : groupBy == "purpose" ? r.Purpose
                : r.Model,
            Cost = r.ComputedCost!.Value,
        }).ToListAsync(cancellationToken);
        return costs.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => Math.Round(g.Sum(c => c.Cost), 10)); // the column's precision
    }

    /// <summary>The providers render keys differently (SQLite keeps GUIDs upper-case, dates with a time); one form for clients.</summary>
    private static string Normalise(string groupBy, string key) => groupBy switch
    {
        "day" when DateTime.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var day)
            => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        "conversation" when Guid.TryParse(key, out var id) => id.ToString(),
        _ => key,
    };
}
