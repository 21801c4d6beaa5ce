using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;

namespace SalesMate.Services.Summaries;

/// <summary>
/// Every <c>summaries.scan_interval_seconds</c>, each instance looks for idle conversations tenant by tenant and
/// writes their final summaries (<see cref="FinalSummaries"/>); the claim makes running several instances safe.
/// </summary>
public sealed class InactivitySummaryWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SummaryOptions> options,
    ILogger<InactivitySummaryWorker> logger)
    : Utils.Janitor(clock, logger, TimeSpan.FromSeconds(options.Value.ScanIntervalSeconds), "idle conversations")
{
    /// <summary>One scan of every tenant; returns the number of conversations this instance summarised.</summary>
    public override async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenantIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            tenantIds = await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Tenants.Where(t => t.IsActive)
                .Select(t => t.Id).ToListAsync(cancellationToken);
        }
        var now = Clock.GetUtcNow().UtcDateTime;
        var total = 0;
        foreach (var tenantId in tenantIds)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            total += await scope.ServiceProvider.GetRequiredService<FinalSummaries>().SummarizeIdleAsync(now, cancellationToken);
        }
        return total;
    }
}
