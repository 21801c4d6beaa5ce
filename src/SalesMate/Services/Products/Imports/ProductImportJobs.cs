using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;

namespace SalesMate.Services.Products.Imports;

/// <summary>
/// Starts and reads background product imports. A file is read once when it arrives, so a file that cannot be read at
/// all (wrong type, broken JSON, no CSV header) is refused at once with the reason; otherwise it is stored in a job row
/// (status queued, its row count known) and handed to <see cref="ProductImportWorker"/>.
/// </summary>
public sealed class ProductImportJobs(SalesMateDbContext db, ProductImportQueue queue, ImportProgress progress, AuditLog audit, TimeProvider clock)
{
    public const int MaxFileBytes = 20 * 1024 * 1024;
    public const int RecentShown = 20;
    public const string AuditAction = "product.import";

    public async Task<ProductImportJob> StartAsync(string? fileName, byte[] content, bool skipInvalid, HttpContext? http, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(fileName ?? "");
        if (content.Length == 0)
        {
            throw new RequestValidationException("file", "Choose a .csv or .json file that is not empty.");
        }
        if (content.Length > MaxFileBytes)
        {
            throw new PayloadTooLargeException($"The file is larger than {MaxFileBytes / 1024 / 1024} MB.", MaxFileBytes);
        }
        var format = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".json" => "json",
            ".csv" => "csv",
            _ => throw new RequestValidationException("file", "Only .csv and .json files can be imported."),
        };
        IReadOnlyList<ImportRow> rows;
        try
        {
            rows = Read(format, content);
        }
        catch (FormatException ex)
        {
            throw new RequestValidationException("file", ex.Message);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var job = new ProductImportJob
        {
            Id = Guid.CreateVersion7(),
            CreatedByUserId = http?.User.UserIdOrNull(),
            FileName = name,
            Format = format,
            SkipInvalid = skipInvalid,
            Content = content,
            TotalRows = rows.Count,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ProductImportJobs.Add(job);
        audit.Add(http, AuditAction, "product_import", job.Id, new() { ["file"] = name, ["rows"] = rows.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await db.SaveChangesAsync(cancellationToken);
        queue.Enqueue(db.CurrentTenantId, job.Id);
        return job;
    }

    public static IReadOnlyList<ImportRow> Read(string format, byte[] content) => format == "json"
        ? ProductFileReader.ReadJson(content)
        : ProductFileReader.ReadCsv(System.Text.Encoding.UTF8.GetString(content));

    /// <summary>The job as it stands, with the live row count while it runs in this instance.</summary>
    public async Task<ProductImportJob> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await WithoutContent().FirstOrDefaultAsync(j => j.Id == id, cancellationToken) ?? throw new NotFoundException("Product import", id);
        if (job.Status == ProductImportStatus.Running && progress.Processed(id) is { } live)
        {
            job.ProcessedRows = live;
        }
        return job;
    }

    public async Task<IReadOnlyList<ProductImportJob>> RecentAsync(CancellationToken cancellationToken) =>
        await WithoutContent().OrderByDescending(j => j.CreatedAt).Take(RecentShown).ToListAsync(cancellationToken);

    /// <summary>Everything but the stored file, which can be megabytes.</summary>
    private IQueryable<ProductImportJob> WithoutContent() => db.ProductImportJobs.AsNoTracking().Select(j => new ProductImportJob
    {
        Id = j.Id,
        TenantId = j.TenantId,
        CreatedByUserId = j.CreatedByUserId,
        FileName = j.FileName,
        Format = j.Format,
        SkipInvalid = j.SkipInvalid,
        Status = j.Status,
        TotalRows = j.TotalRows,
        ProcessedRows = j.ProcessedRows,
        CreatedCount = j.CreatedCount,
        UpdatedCount = j.UpdatedCount,
        SkippedCount = j.SkippedCount,
        Applied = j.Applied,
        Errors = j.Errors,
        Error = j.Error,
        CreatedAt = j.CreatedAt,
        StartedAt = j.StartedAt,
        FinishedAt = j.FinishedAt,
        UpdatedAt = j.UpdatedAt,
    });
}
