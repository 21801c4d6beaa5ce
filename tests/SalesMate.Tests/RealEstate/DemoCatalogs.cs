using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Tests.Infrastructure;
using SalesMate.Vector;

namespace SalesMate.Tests.RealEstate;

/// <summary>The repository's demo catalogs (data/products) as in-memory snapshots, for tests of the understanding rules.</summary>
internal static class DemoCatalogs
{
    public static readonly CatalogSnapshot Homes = Load("homes.json", "INR");
    public static readonly CatalogSnapshot Electronics = Load("products.json", "USD");

    private static CatalogSnapshot Load(string file, string currency)
    {
        var rows = ProductFileReader.Read(Path.Combine(TestEnvironment.RepoRoot, "data", "products", file));
        rows.Should().OnlyContain(r => r.IsValid, $"{file} is a valid import file");
        var products = rows.Select(r => new Product
        {
            Id = Guid.NewGuid(),
            Sku = r.Input.Sku!,
            Name = r.Input.Name!,
            Brand = r.Input.Brand!,
            Category = r.Input.Category!,
            Price = decimal.Parse(r.Input.Price!, CultureInfo.InvariantCulture),
            Currency = r.Input.Currency!,
            Stock = int.Parse(r.Input.Stock!, CultureInfo.InvariantCulture),
            Rating = r.Input.Rating is { } rating ? decimal.Parse(rating, CultureInfo.InvariantCulture) : null,
            Description = r.Input.Description ?? "",
            Specs = r.Input.Specs,
            Tags = r.Input.Tags,
        }).OrderBy(p => p.Sku).ToList();
        return new CatalogSnapshot(Guid.NewGuid(), 1, products, currency);
    }
}
