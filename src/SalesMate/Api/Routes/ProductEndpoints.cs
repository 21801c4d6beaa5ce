using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Vector;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/products: browse with filters, ranked search, categories, one product.</summary>
public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/products").WithTags("Products");
        group.MapGet("/", List).WithName("ListProducts");
        group.MapGet("/search", Search).WithName("SearchProducts");
        group.MapGet("/categories", Categories).WithName("ProductCategories");
        group.MapGet("/{id:guid}", Get).WithName("GetProduct");
        return group;
    }

    public static async Task<Ok<PageResponse<ProductResponse>>> List(
        ProductRepository products, CancellationToken cancellationToken,
        string? q = null, string? category = null, string? brand = null,
        [FromQuery(Name = "min_price")] decimal? minPrice = null, [FromQuery(Name = "max_price")] decimal? maxPrice = null,
        [FromQuery(Name = "in_stock")] bool? inStock = null, string? sort = null, int? page = null,
        [FromQuery(Name = "page_size")] int? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["page must be 1 or more."];
        }
        if (pageSize is < 1 or > 100)
        {
            errors["page_size"] = ["page_size must be between 1 and 100."];
        }
        if (minPrice is < 0)
        {
            errors["min_price"] = ["min_price must not be negative."];
        }
        if (maxPrice is < 0)
        {
            errors["max_price"] = ["max_price must not be negative."];
        }
        if (minPrice is not null && maxPrice is not null && minPrice > maxPrice)
        {
            errors["min_price"] = ["min_price must not be greater than max_price."];
        }
        if (sort is not null && !ProductRepository.Sorts.Contains(sort))
        {
            errors["sort"] = [$"sort must be one of {string.Join(", ", ProductRepository.Sorts)}."];
        }
        if (q is { Length: > 200 })
        {
            errors["q"] = ["q must be at most 200 characters."];
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        var size = pageSize ?? 20;
        var query = new ProductQuery(q, category, brand, minPrice, maxPrice, inStock, sort ?? "name_asc", page ?? 1, size);
        var (items, total) = await products.ListAsync(query, cancellationToken);
        return TypedResults.Ok(new PageResponse<ProductResponse>(items.Select(ProductResponse.From).ToList(), query.Page, size, total,
            (total + size - 1) / size));
    }

    public static async Task<Ok<ProductSearchResponse>> Search(SalesMateDbContext db, CatalogIndex catalogIndex,
        CancellationToken cancellationToken, string? q = null, string? category = null, int? limit = null)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > 200)
        {
            throw new RequestValidationException("q", "q is required and must be 1-200 characters.");
        }
        if (limit is < 1 or > 50)
        {
            throw new RequestValidationException("limit", "limit must be between 1 and 50.");
        }
        var catalog = await catalogIndex.GetAsync(db, cancellationToken);
        var hits = catalog.Search(q, limit ?? 10, category is null ? null : p => string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase))
            .Select(h => new ProductSearchHit(ProductResponse.From(h.Product), Math.Round(h.Score, 4)))
            .ToList();
        return TypedResults.Ok(new ProductSearchResponse(q, hits));
    }

    public static async Task<Ok<IReadOnlyList<CategoryResponse>>> Categories(ProductRepository products, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CategoryResponse>>((await products.CategoriesAsync(cancellationToken)).Select(CategoryResponse.From).ToList());

    public static async Task<Ok<ProductResponse>> Get(Guid id, ProductRepository products, CancellationToken cancellationToken) =>
        TypedResults.Ok(ProductResponse.From(await products.FindAsync(id, cancellationToken) ?? throw new NotFoundException("Product", id)));
}
