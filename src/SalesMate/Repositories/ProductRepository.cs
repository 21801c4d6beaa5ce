using SalesMate.Core.Entities;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Repositories;

public sealed record ProductQuery(
    string? Text, string? Category, string? Brand, decimal? MinPrice, decimal? MaxPrice, bool? InStock,
    string Sort, int Page, int PageSize);

public sealed record CategorySummary(string Name, int ProductCount, decimal MinPrice, decimal MaxPrice);

/// <summary>Catalog queries. The tenant filter comes from the DbContext, so none of these mention the tenant.</summary>
public sealed class ProductRepository(SalesMateDbContext db)
{
    public static readonly string[] Sorts = ["name_asc", "price_asc", "price_desc", "rating_desc", "newest"];

    public async Task<(IReadOnlyList<Product> Items, int Total)> ListAsync(ProductQuery query, CancellationToken cancellationToken)
    {
        var products = db.Products.AsNoTracking();
        foreach (var word in TextNormalizer.Tokenize(query.Text ?? ""))
        {
            var pattern = $"%{word}%";
            products = products.Where(p => EF.Functions.Like(p.SearchText, pattern));
        }
        if (!string.IsNullOrWhiteSpace(query.Category))
        {
            var category = query.Category.Trim().ToLowerInvariant();
            products = products.Where(p => p.Category.ToLower() == category);
        }
        if (!string.IsNullOrWhiteSpace(query.Brand))
        {
            var brand = query.Brand.Trim().ToLowerInvariant();
            products = products.Where(p => p.Brand.ToLower() == brand);
        }
        if (query.MinPrice is { } min)
        {
            products = products.Where(p => p.Price >= min);
        }
        if (query.MaxPrice is { } max)
        {
            products = products.Where(p => p.Price <= max);
        }
        if (query.InStock is { } inStock)
        {
            products = inStock ? products.Where(p => p.Stock > 0) : products.Where(p => p.Stock == 0);
        }

        var total = await products.CountAsync(cancellationToken);
        products = query.Sort switch
        {
            "price_asc" => products.OrderBy(p => p.Price).ThenBy(p => p.Sku),
            "price_desc" => products.OrderByDescending(p => p.Price).ThenBy(p => p.Sku),
            "rating_desc" => products.OrderByDescending(p => p.Rating).ThenBy(p => p.Sku),
            "newest" => products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Sku),
            _ => products.OrderBy(p => p.Name).ThenBy(p => p.Sku),
        };
        var items = await products.Skip(Paging.Skip(query.Page, query.PageSize)).Take(query.PageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    public Task<Product?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<CategorySummary>> CategoriesAsync(CancellationToken cancellationToken)
    {
        // Grouped in memory: SQLite cannot aggregate the REAL-backed decimal price with MIN/MAX through EF.
        var rows = await db.Products.AsNoTracking().Select(p => new { p.Category, p.Price }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Category)
            .Select(g => new CategorySummary(g.Key, g.Count(), g.Min(r => r.Price), g.Max(r => r.Price)))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public Task<Dictionary<string, Product>> BySkuAsync(IEnumerable<string> skus, CancellationToken cancellationToken)
    {
        var wanted = skus.ToList();
        return db.Products.Where(p => wanted.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, StringComparer.Ordinal, cancellationToken);
    }
}
