using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Api;

public abstract class ProductApiTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private Task<PageResponse<ProductResponse>?> ListAsync(string query) =>
        Client.GetFromJsonAsync<PageResponse<ProductResponse>>($"/api/v1/products?{query}", SalesMateFactory.Json);

    [Fact]
    public async Task Filters_combine_and_every_result_matches_them()
    {
        var page = await ListAsync("category=laptops&max_price=1000&min_price=500&in_stock=true&sort=price_asc&page_size=50");
        page!.Items.Should().NotBeEmpty();
        page.Items.Should().OnlyContain(p => p.Category == "Laptops" && p.Price >= 500m && p.Price <= 1000m && p.InStock);
        page.Items.Select(p => p.Price).Should().BeInAscendingOrder();
        page.Total.Should().Be(page.Items.Count);

        var dell = await ListAsync("brand=Dell&sort=price_desc");
        dell!.Items.Should().NotBeEmpty().And.OnlyContain(p => p.Brand == "Dell");
        dell.Items.Select(p => p.Price).Should().BeInDescendingOrder();

        var newest = await ListAsync("sort=newest&page_size=5");
        newest!.Items.Should().HaveCount(5);

        var text = await ListAsync("q=noise%20cancelling");
        text!.Items.Should().Contain(p => p.Category == "Headphones");
        text.Items.Should().OnlyContain(p => (p.Name + p.Description + string.Join(' ', p.Tags) + string.Join(' ', p.Specs)).Contains("oise", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Paging_covers_the_catalog_without_overlap()
    {
        var first = await ListAsync("page=1&page_size=50");
        var second = await ListAsync("page=2&page_size=50");
        var third = await ListAsync("page=3&page_size=50");
        first!.Total.Should().BeGreaterThanOrEqualTo(100);
        var all = first.Items.Concat(second!.Items).Concat(third!.Items).Select(p => p.Id).ToList();
        all.Should().OnlyHaveUniqueItems().And.HaveCount(first.Total);
        first.TotalPages.Should().Be((first.Total + 49) / 50);
    }

    [Theory]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("min_price=900&max_price=100", "min_price")]
    [InlineData("sort=cheapest", "sort")]
    public async Task Bad_query_parameters_get_problem_details_naming_the_parameter(string query, string field)
    {
        var response = await Client.GetAsync($"/api/v1/products?{query}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadAsync<ValidationProblemDetails>()).Errors.Should().ContainKey(field);
    }

    [Fact]
    public async Task A_non_number_price_is_a_clear_400_not_a_500()
    {
        var response = await Client.GetAsync("/api/v1/products?max_price=cheap");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadAsync<ProblemDetails>()).Detail.Should().Contain("max_price");
    }

    [Fact]
    public async Task Search_ranks_with_scores_and_unknown_ids_are_404()
    {
        var result = await Client.GetFromJsonAsync<ProductSearchResponse>("/api/v1/products/search?q=zenbook%20oled", SalesMateFactory.Json);
        result!.Results.Should().NotBeEmpty();
        result.Results[0].Product.Name.Should().Contain("Zenbook");
        result.Results.Select(r => r.Score).Should().BeInDescendingOrder();

        (await Client.GetAsync("/api/v1/products/search")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var missing = await Client.GetAsync($"/api/v1/products/{Guid.NewGuid()}");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Categories_summarise_the_whole_catalog()
    {
        var categories = await Client.GetFromJsonAsync<List<CategoryResponse>>("/api/v1/products/categories", SalesMateFactory.Json);
        categories!.Should().HaveCountGreaterThanOrEqualTo(8);
        var total = (await ListAsync("page_size=1"))!.Total;
        categories!.Sum(c => c.ProductCount).Should().Be(total);
        categories.Should().OnlyContain(c => c.MinPrice <= c.MaxPrice);
    }

    [Fact]
    public async Task Health_endpoints_report_database_and_index()
    {
        (await Client.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        var db = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health/db", SalesMateFactory.Json);
        db.GetProperty("status").GetString().Should().Be("ok");
        db.GetProperty("data").GetProperty("provider").GetString().Should().Be(fixture.Factory.Database.Provider);
        var vector = await Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health/vector", SalesMateFactory.Json);
        vector.GetProperty("data").GetProperty("products_indexed").GetInt32().Should().BeGreaterThanOrEqualTo(100);
        (await Client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

[Collection("sqlite")]
public sealed class SqliteProductApiTests(SqliteAppFixture fixture) : ProductApiTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresProductApiTests(PostgresAppFixture fixture) : ProductApiTests(fixture), IClassFixture<PostgresAppFixture>;
