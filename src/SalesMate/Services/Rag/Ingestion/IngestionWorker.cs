using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Jobs;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// The hosted ingestion queue: rag.ingest_workers loops take documents from <see cref="IngestionQueue"/> and process
/// each in a scope set to its tenant; at start every document left queued or processing is queued again
/// (<see cref="TenantJobWorker"/>).
/// </summary>
public sealed class IngestionWorker(
    IngestionQueue queue,
    IServiceScopeFactory scopes,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<IngestionWorker> logger) : TenantJobWorker(queue, scopes, clock, logger)
{
    protected override string JobName => "document";

    protected override int Workers => options.Value.IngestWorkers;

    protected override Task<List<Guid>> UnfinishedAsync(SalesMateDbContext db, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking()
            .Where(d => d.Status == DocumentStatus.Queued || d.Status == DocumentStatus.Processing)
            .OrderBy(d => d.CreatedAt).Select(d => d.Id).ToListAsync(cancellationToken);

    protected override Task RunAsync(IServiceProvider services, Guid id, DateTime startedAt, CancellationToken cancellationToken) =>
        services.GetRequiredService<DocumentIngestor>().ProcessAsync(id, startedAt, null, cancellationToken);
}
