using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Services.Jobs;

/// <summary>
/// The hosted loop behind a <see cref="TenantJobQueue"/>: <c>workers</c> loops take jobs and run each in a scope set to
/// its tenant. At start it queues again every job a stopped instance left unfinished, tenant by tenant (reading
/// <c>tenants</c>, which is not tenant-owned, then each tenant's rows in that tenant's scope), so no query crosses
/// tenants. Subclasses say how to find unfinished jobs and how to run one; a job that throws is logged and the loop
/// goes on (the job itself records its failure).
/// </summary>
public abstract class TenantJobWorker(TenantJobQueue queue, IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>For log messages: "document", "product import".</summary>
    protected abstract string JobName { get; }

    protected abstract int Workers { get; }

    /// <summary>The current tenant's unfinished jobs (queued, or running in an instance that stopped), oldest first.</summary>
    protected abstract Task<List<Guid>> UnfinishedAsync(SalesMateDbContext db, CancellationToken cancellationToken);

    /// <summary>Runs one job in <paramref name="services"/> (a scope set to its tenant). <paramref name="startedAt"/>: when this instance started, so a job still "running" from before is known to be abandoned.</summary>
    protected abstract Task RunAsync(IServiceProvider services, Guid id, DateTime startedAt, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await RecoverAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not re-queue unfinished {JobName} jobs at start-up", JobName);
        }
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(() => LoopAsync(startedAt, stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(DateTime startedAt, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<TenantContext>().Set(job.TenantId);
                    await RunAsync(scope.ServiceProvider, job.Id, startedAt, stoppingToken);
                }
                catch (Exception ex)
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        return; // stopping: the job stays unfinished and is taken over at the next start
                    }
                    logger.LogError(ex, "The {JobName} job {JobId} stopped with an error", JobName, job.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: an unfinished job is taken over at the next start.
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenantIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            tenantIds = await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Tenants.AsNoTracking().Select(t => t.Id).ToListAsync(cancellationToken);
        }
        var requeued = 0;
        foreach (var tenantId in tenantIds)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            var ids = await UnfinishedAsync(scope.ServiceProvider.GetRequiredService<SalesMateDbContext>(), cancellationToken);
            foreach (var id in ids)
            {
                queue.Enqueue(tenantId, id);
            }
            requeued += ids.Count;
        }
        if (requeued > 0)
        {
            logger.LogInformation("Re-queued {Count} unfinished {JobName} jobs", requeued, JobName);
        }
    }
}
