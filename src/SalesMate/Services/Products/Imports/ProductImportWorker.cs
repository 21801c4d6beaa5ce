using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Jobs;

namespace SalesMate.Services.Products.Imports;

/// <summary>The hosted loop for product imports (one at a time: each holds a write transaction over the catalog).</summary>
public sealed class ProductImportWorker(ProductImportQueue queue, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProductImportWorker> logger)
    : TenantJobWorker(queue, scopes, clock, logger)
{
    protected override string JobName => "product import";

    protected override int Workers => 1;

    protected override Task<List<Guid>> UnfinishedAsync(SalesMateDbContext db, CancellationToken cancellationToken) =>
        db.ProductImportJobs.AsNoTracking()
            .Where(j => j.Status == ProductImportStatus.Queued || j.Status == ProductImportStatus.Running)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).ToListAsync(cancellationToken);

    protected override Task RunAsync(IServiceProvider services, Guid id, DateTime startedAt, CancellationToken cancellationToken) =>
        services.GetRequiredService<ProductImportRunner>().RunAsync(id, startedAt, cancellationToken);
}
