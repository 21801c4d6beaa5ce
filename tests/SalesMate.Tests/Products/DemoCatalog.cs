using System.Globalization;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Tests.Infrastructure;
using SalesMate.Vector;

namespace SalesMate.Tests.Products;

/// <summary>The shipped demo catalog (data/products/products.json) as a snapshot, read the way the importer reads it.</summary>
internal static class DemoCatalog
{
    public static readonly CatalogSnapshot Snapshot = Load();

    public static Product Named(string name) => Snapshot.Products.Single(p => p.Name == name);

    private static CatalogSnapshot Load()
    {
        var products = ProductFileReader.Read(Path.Combine(TestEnvironment.RepoRoot, "data", "products", "products.json"))
            .Where(r => r.IsValid)
            .Select(r => new Product
            {
                Id = Guid.NewGuid(),
                Sku = r.Input.Sku!,
                Name = r.Input.Name!,
                Brand = r.Input.Brand!,
                Category = r.Input.Category!,
                Price = decimal.Parse(r.Input.Price!, CultureInfo.InvariantCulture),
                Currency = r.Input.Currency ?? "USD",
                Stock = int.TryParse(r.Input.Stock, CultureInfo.InvariantCulture, out var stock) ? stock : 0,
                Rating = decimal.TryParse(r.Input.Rating, CultureInfo.InvariantCulture, out var rating) ? rating : null,
                Description = r.Input.Description ?? "",
                Specs = r.Input.Specs,
                Tags = r.Input.Tags,
            })
            .ToList();
        return new CatalogSnapshot(Guid.NewGuid(), 1, products, "USD");
    }
}
