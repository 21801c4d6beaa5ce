using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// Deletes streams whose replay window has passed (their events go with them), every few minutes. Crosses tenants on
/// purpose: it is housekeeping on a time column, not a tenant's query (an allow-listed IgnoreQueryFilters and, on
/// PostgreSQL, cross-tenant job).
/// </summary>
public sealed class StreamJanitor(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StreamJanitor> logger)
    : Utils.Janitor(clock, logger, TimeSpan.FromMinutes(5), "expired streams")
{
    public override async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().AcrossTenants(CrossTenantJob.StreamJanitor);
        var now = Clock.GetUtcNow().UtcDateTime;
        var purged = await db.ChatStreams.IgnoreQueryFilters().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Purged {StreamCount} expired streams", purged);
        }
        return purged;
    }
}
