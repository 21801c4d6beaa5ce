using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SalesMate.Api.Routes;
using SalesMate.Repositories;

namespace SalesMate.Web.Pages.Admin;

/// <summary>Charts over a period: conversations, intents, sentiment, leads, LLM cost, latency, caches and inaccuracy reports.</summary>
public sealed class AnalyticsModel(AnalyticsQueries analytics, UsageRepository usage, CacheUsageRepository caches, TimeProvider clock,
    IOptions<JsonOptions> json) : WebPageModel
{
    public static readonly int[] Periods = [7, 30, 90];

    protected override PageAccess Access => PageAccess.Admin;

    public int Days { get; private set; } = 30;
    public ConversationAnalytics Conversations { get; private set; } = null!;
    public IReadOnlyList<UsageTotals> CostPerDay { get; private set; } = [];
    public IReadOnlyList<UsageTotals> CostPerModel { get; private set; } = [];
    public CacheUsage Caches { get; private set; } = null!;

    /// <summary>Everything the charts draw, as snake_case JSON in a data block (the CSP allows no inline script).</summary>
    public string ChartData { get; private set; } = "{}";

    public async Task OnGetAsync(int? days, CancellationToken cancellationToken)
    {
        Days = days is { } d && Periods.Contains(d) ? d : 30;
        var (from, to) = AdminAnalyticsEndpoints.Period(Days, clock);
        Conversations = await analytics.ConversationsAsync(from, to, cancellationToken);
        CostPerDay = await usage.TotalsAsync(from, to, "day", cancellationToken);
        CostPerModel = await usage.TotalsAsync(from, to, "model", cancellationToken);
        Caches = await caches.TotalsAsync(from, to, cancellationToken);
        var costByDay = CostPerDay.ToDictionary(t => t.Key, t => t.Cost);
        ChartData = JsonSerializer.Serialize(new
        {
            Conversations,
            CostPerDay = Conversations.ConversationsPerDay.Select(d => new { d.Day, Cost = costByDay.GetValueOrDefault(d.Day) }),
            CostPerModel = CostPerModel.Select(t => new { Model = t.Key, t.Cost, t.Requests }),
            Caches,
        }, json.Value.SerializerOptions);
    }
}
