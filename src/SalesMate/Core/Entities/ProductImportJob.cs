namespace SalesMate.Core.Entities;

/// <summary>
/// A product file imported in the background (admin console or <c>POST /api/v1/admin/products/imports</c>): the file
/// waits in <see cref="Content"/> until the import worker has applied it, then the row keeps only the outcome and the
/// row-level error report.
/// </summary>
public sealed class ProductImportJob : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public required string FileName { get; set; }

    /// <summary>csv or json.</summary>
    public required string Format { get; set; }
    public bool SkipInvalid { get; set; }

    /// <summary>queued, running, completed or failed (<see cref="ProductImportStatus"/>).</summary>
    public string Status { get; set; } = ProductImportStatus.Queued;

    /// <summary>The uploaded file; cleared when the job ends.</summary>
    public byte[]? Content { get; set; }
    public int TotalRows { get; set; }

    /// <summary>Rows written so far (saved when the job ends; the live count is in ImportProgress).</summary>
    public int ProcessedRows { get; set; }
    public int CreatedCount { get; set; }
    public int UpdatedCount { get; set; }
    public int SkippedCount { get; set; }

    /// <summary>False when the file had bad rows and skip_invalid was off: nothing was written.</summary>
    public bool Applied { get; set; }
    public List<ImportError> Errors { get; set; } = [];

    /// <summary>Why the job failed as a whole (not a row problem).</summary>
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One problem of one row of an imported file, by its line number.</summary>
public sealed record ImportError(int Line, string? Sku, string Message);

public static class ProductImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Failed;
}
