using SalesMate.Core.Entities;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Products;

public sealed record ImportReport(int Rows, int Created, int Updated, int Skipped, IReadOnlyList<ImportError> Errors, bool Applied);

/// <summary>
/// Upserts products by SKU. Every row is validated first; a file with any bad row changes nothing unless
/// <c>skipInvalid</c> is set. Writes go in one transaction together with the tenant's catalog version bump.
/// </summary>
public sealed class ProductImporter(SalesMateDbContext db, ProductRepository products, TimeProvider clock, ILogger<ProductImporter> logger)
{
    private const int BatchSize = 500;

    public async Task<ImportReport> ImportAsync(IReadOnlyList<ImportRow> rows, bool skipInvalid, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var errors = rows.Where(r => !r.IsValid)
            .SelectMany(r => r.Errors.Select(e => new ImportError(r.Line, r.Input.Sku, e)))
            .Concat(DuplicateSkus(rows))
            .OrderBy(e => e.Line)
            .ToList();
        var badLines = errors.Select(e => e.Line).ToHashSet();
        if (errors.Count > 0 && !skipInvalid)
        {
            return new ImportReport(rows.Count, 0, 0, rows.Count, errors, Applied: false);
        }

        var valid = rows.Where(r => !badLines.Contains(r.Line)).ToList();
        var created = 0;
        var updated = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var batch in valid.Chunk(BatchSize))
        {
            var existing = await products.BySkuAsync(batch.Select(r => r.Input.Sku!), cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var row in batch)
            {
                if (existing.TryGetValue(row.Input.Sku!, out var product))
                {
                    Apply(product, row.Input, now);
                    updated++;
                }
                else
                {
                    product = new Product
                    {
                        Id = Guid.CreateVersion7(),
                        Sku = row.Input.Sku!,
                        Name = "",
                        Brand = "",
                        Category = "",
                        Currency = "",
                        CreatedAt = now,
                    };
                    Apply(product, row.Input, now);
                    db.Products.Add(product);
                    created++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(created + updated);
        }
        var tenantId = db.CurrentTenantId;
        await db.Tenants.Where(t => t.Id == tenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CatalogVersion, t => t.CatalogVersion + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Imported products: {Created} created, {Updated} updated, {Skipped} skipped", created, updated, rows.Count - valid.Count);
        return new ImportReport(rows.Count, created, updated, rows.Count - valid.Count, errors, Applied: true);
    }

    public static string SearchTextOf(Product p) =>
        TextNormalizer.Normalize(string.Join(' ', [p.Sku, p.Name, p.Brand, p.Category, .. p.Tags, .. p.Specs.Select(s => $"{s.Key} {s.Value}"), p.Description]));

    private static void Apply(Product product, ProductInput input, DateTime now)
    {
        product.Name = input.Name!.Trim();
        product.Brand = input.Brand!.Trim();
        product.Category = input.Category!.Trim();
        product.Price = decimal.Parse(input.Price!, NumberStyles.Number, CultureInfo.InvariantCulture);
        product.Currency = input.Currency!.ToUpperInvariant();
        product.Stock = int.Parse(input.Stock!, CultureInfo.InvariantCulture);
        product.Rating = string.IsNullOrWhiteSpace(input.Rating) ? null : decimal.Parse(input.Rating, NumberStyles.Number, CultureInfo.InvariantCulture);
        product.Description = input.Description ?? "";
        product.Specs = input.Specs;
        product.Tags = input.Tags;
        product.SearchText = SearchTextOf(product);
        product.UpdatedAt = now;
    }

    private static IEnumerable<ImportError> DuplicateSkus(IReadOnlyList<ImportRow> rows) =>
        rows.Where(r => r.Input.Sku is not null)
            .GroupBy(r => r.Input.Sku!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Skip(1).Select(r => new ImportError(r.Line, r.Input.Sku,
                $"sku '{g.Key}' appears more than once in the file (first on line {g.First().Line})")));
}
