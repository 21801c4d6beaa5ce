using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Products.Imports;

/// <summary>
/// Runs one import job in its tenant's scope: claim it (queued -> running, or running since before this instance
/// started), read the stored file, hand the rows to <see cref="ProductImporter"/> (one transaction, progress into
/// <see cref="ImportProgress"/>), then save the outcome and the row-level report and drop the file. A job that fails as
/// a whole changed nothing (the importer's transaction rolled back) and says why.
/// </summary>
public sealed class ProductImportRunner(SalesMateDbContext db, ProductImporter importer, ImportProgress progress, TimeProvider clock,
    ILogger<ProductImportRunner> logger)
{
    public async Task RunAsync(Guid jobId, DateTime abandonedBefore, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.ProductImportJobs
            .Where(j => j.Id == jobId && (j.Status == ProductImportStatus.Queued || (j.Status == ProductImportStatus.Running && j.UpdatedAt < abandonedBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ProductImportStatus.Running).SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return; // gone, finished, or another instance has it
        }
        progress.For(jobId).Report(0);
        try
        {
            var file = await db.ProductImportJobs.AsNoTracking().Where(j => j.Id == jobId)
                .Select(j => new { j.Format, j.Content, j.SkipInvalid }).FirstAsync(cancellationToken);
            var rows = ProductImportJobs.Read(file.Format, file.Content ?? []);
            var report = await importer.ImportAsync(rows, file.SkipInvalid, progress.For(jobId), cancellationToken);
            await FinishAsync(jobId, job =>
            {
                job.Status = ProductImportStatus.Completed;
                job.TotalRows = report.Rows;
                job.ProcessedRows = report.Applied ? report.Rows : 0;
                job.CreatedCount = report.Created;
                job.UpdatedCount = report.Updated;
                job.SkippedCount = report.Skipped;
                job.Applied = report.Applied;
                job.Errors = [.. report.Errors];
            }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Product import {JobId} failed", jobId);
            var reason = ex is FormatException ? ex.Message : $"The import stopped with an error ({ex.GetType().Name}); nothing was changed. Try again.";
            await FinishAsync(jobId, job =>
            {
                job.Status = ProductImportStatus.Failed;
                job.ProcessedRows = 0;
                job.Error = reason;
            }, cancellationToken);
        }
        finally
        {
            progress.Forget(jobId);
        }
    }

    private async Task FinishAsync(Guid jobId, Action<ProductImportJob> apply, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear(); // the importer cleared and rolled back its own tracking; start from the stored row
        var job = await db.ProductImportJobs.FirstAsync(j => j.Id == jobId, cancellationToken);
        apply(job);
        job.Content = null;
        job.FinishedAt = job.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }
}
