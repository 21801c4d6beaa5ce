using SalesMate.Core.Entities;

namespace SalesMate.Api.Models;

/// <summary>
/// A background product import: status queued, running, completed (applied says whether anything was written) or
/// failed (error says why); processed_rows of total_rows while it runs; errors = the row-level report.
/// </summary>
public sealed record ProductImportResponse(
    Guid Id, string FileName, string Format, bool SkipInvalid, string Status, int TotalRows, int ProcessedRows, int Created, int Updated,
    int Skipped, bool Applied, IReadOnlyList<ImportErrorResponse> Errors, string? Error, DateTime CreatedAt, DateTime? StartedAt,
    DateTime? FinishedAt, string StatusUrl)
{
    public static ProductImportResponse From(ProductImportJob j) => new(j.Id, j.FileName, j.Format, j.SkipInvalid, j.Status, j.TotalRows,
        j.ProcessedRows, j.CreatedCount, j.UpdatedCount, j.SkippedCount, j.Applied, j.Errors.Select(e => new ImportErrorResponse(e.Line, e.Sku, e.Message)).ToList(),
        j.Error, j.CreatedAt, j.StartedAt, j.FinishedAt, $"/api/v1/admin/products/imports/{j.Id}");
}

public sealed record ImportErrorResponse(int Line, string? Sku, string Message);

public sealed record ProductImportListResponse(IReadOnlyList<ProductImportResponse> Imports);
