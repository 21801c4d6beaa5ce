using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// The hosted ingestion queue: rag.ingest_workers loops take documents from <see cref="IngestionQueue"/> and process
/// each in a scope set to its tenant. At start it queues again every document left queued or processing (a stopped
/// instance), tenant by tenant, so no query crosses tenants.
/// </summary>
public sealed class IngestionWorker(
    IngestionQueue queue,
    IServiceScopeFactory scopes,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await RecoverAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not re-queue unfinished documents at start-up");
        }
        await Task.WhenAll(Enumerable.Range(0, options.Value.IngestWorkers).Select(_ => Task.Run(() => RunAsync(startedAt, stoppingToken), stoppingToken)));
    }

    private async Task RunAsync(DateTime startedAt, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<TenantContext>().Set(job.TenantId);
                    await scope.ServiceProvider.GetRequiredService<DocumentIngestor>().ProcessAsync(job.DocumentId, startedAt, null, stoppingToken);
                }
                catch (Exception ex)
                {
                    if (stoppingToken.IsCancellationRequested)
                    {
                        return; // stopping: the document stays processing and is taken over at the next start
                    }
                    logger.LogError(ex, "Ingestion of document {DocumentId} stopped with an error", job.DocumentId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: an unfinished document stays processing and is taken over at the next start.
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
            var documentIds = await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Documents.AsNoTracking()
                .Where(d => d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing)
                .OrderBy(d => d.CreatedAt).Select(d => d.Id).ToListAsync(cancellationToken);
            foreach (var documentId in documentIds)
            {
                queue.Enqueue(tenantId, documentId);
            }
            requeued += documentIds.Count;
        }
        if (requeued > 0)
        {
            logger.LogInformation("Re-queued {Count} unfinished documents", requeued);
        }
    }
}
