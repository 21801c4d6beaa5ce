using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// Deletes streams whose replay window has passed (their events go with them), every few minutes. Crosses tenants on
/// purpose: it is housekeeping on a time column, not a tenant's query (an allow-listed IgnoreQueryFilters and, on
/// PostgreSQL, cross-tenant job).
/// </summary>
public sealed class StreamJanitor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StreamJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Purging expired streams failed; will retry");
            }
        }
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().AcrossTenants(CrossTenantJob.StreamJanitor);
        var now = clock.GetUtcNow().UtcDateTime;
        var purged = await db.ChatStreams.IgnoreQueryFilters().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Purged {StreamCount} expired streams", purged);
        }
        return purged;
    }
}
