using SalesMate.Services.Jobs;

namespace SalesMate.Services.Products.Imports;

/// <summary>Product import jobs waiting for <see cref="ProductImportWorker"/> in this instance (by job id; the row is the source of truth).</summary>
public sealed class ProductImportQueue : TenantJobQueue;
