using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Services.Rag;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>Hybrid product retrieval over the seeded demo catalog.</summary>
public abstract class ProductRetrievalTests(AppFixture fixture)
{
    private async Task<IReadOnlyList<RetrievedProduct>> SearchAsync(ProductQuery query)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.Get<SalesMateDbContext>();
        scope.Get<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
        return await scope.Get<ProductRetriever>().SearchAsync(db, query, CancellationToken.None);
    }

    [Fact]
    public async Task A_described_need_finds_the_products_made_for_it()
    {
        var results = await SearchAsync(new ProductQuery("a quiet laptop for video editing"));

        results.Should().HaveCount(5);
        results.Take(3).Select(r => $"{r.Product.Category} {r.Product.Sku} {r.FullTextRank}/{r.VectorRank}").Should()
            .OnlyContain(r => r.StartsWith("Laptops", StringComparison.Ordinal));
        results.Take(3).Select(r => r.Product.Sku).Should().Contain("LAP-APPLE-MBP-14-M5PRO");
        results.Select(r => r.Score).Should().BeInDescendingOrder();
    }

    [Fact]
    public async Task Filters_apply_to_both_signals()
    {
        var results = await SearchAsync(new ProductQuery("video editing") { Category = "monitors", MaxPrice = 600m, InStockOnly = true, TopK = 10 });

        results.Should().NotBeEmpty();
        results.Should().OnlyContain(r => r.Product.Category == "Monitors" && r.Product.Price <= 600m && r.Product.Stock > 0);
        results[0].Product.Sku.Should().Be("MON-ASUS-PROART-PA279CRV");
    }

    [Fact]
    public async Task Similar_products_stay_in_the_price_band_and_category_or_leave_it_when_asked()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.Get<SalesMateDbContext>();
        scope.Get<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
        var laptop = await db.Products.SingleAsync(p => p.Sku == "LAP-APPLE-MBP-14-M5PRO");
        var retriever = scope.Get<ProductRetriever>();

        var cheaper = await retriever.SimilarAsync(db, laptop.Id, laptop.Price * 0.8m, laptop.Price * 0.9m, false, 5, CancellationToken.None);
        cheaper.Should().OnlyContain(r => r.Product.Category == "Laptops" && r.Product.Price >= laptop.Price * 0.8m
                                           && r.Product.Price <= laptop.Price * 0.9m && r.Product.Id != laptop.Id);

        var elsewhere = await retriever.SimilarAsync(db, laptop.Id, null, null, true, 5, CancellationToken.None);
        elsewhere.Should().HaveCount(5).And.OnlyContain(r => r.Product.Category != "Laptops");
    }
}

[Collection("sqlite")]
public sealed class SqliteProductRetrievalTests(SqliteAppFixture fixture) : ProductRetrievalTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresProductRetrievalTests(PostgresAppFixture fixture) : ProductRetrievalTests(fixture), IClassFixture<PostgresAppFixture>;
