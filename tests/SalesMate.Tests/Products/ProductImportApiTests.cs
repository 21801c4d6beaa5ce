using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Products;

/// <summary>POST /api/v1/admin/products/imports queues the file; the job's status shows its outcome and the row-level report.</summary>
public abstract class ProductImportApiTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_file_with_bad_rows_imports_the_good_ones_in_the_background_and_reports_the_bad_ones_by_line()
    {
        var admin = await AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            sku,name,brand,category,price,stock
            IMP-{tag}-1,Import Kettle {tag},Brewco,Kitchen,49.90,4
            IMP-{tag}-2,,Brewco,Kitchen,19.90,2
            IMP-{tag}-3,Import Toaster {tag},Brewco,Kitchen,not-a-price,1
            IMP-{tag}-4,Import Mixer {tag},Brewco,Kitchen,129,7
            IMP-{tag}-5,Import Grill {tag},Brew<NUL>co,Kitchen,89,3
            """.Replace("<NUL>", "\0", StringComparison.Ordinal);

        using var started = await StartAsync(admin.Token, $"kitchen-{tag}.csv", csv, skipInvalid: true);
        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var job = await started.ReadAsync<ProductImportResponse>();
        job.Status.Should().BeOneOf(ProductImportStatus.Queued, ProductImportStatus.Running, ProductImportStatus.Completed);
        job.TotalRows.Should().Be(5);
        started.Headers.Location!.ToString().Should().Be($"/api/v1/admin/products/imports/{job.Id}");

        var done = await WaitAsync(admin.Token, job.Id);
        done.Status.Should().Be(ProductImportStatus.Completed);
        done.Applied.Should().BeTrue();
        (done.Created, done.Updated, done.Skipped, done.ProcessedRows).Should().Be((2, 0, 3, 5));
        done.Errors.Select(e => (e.Line, e.Sku)).Should().Equal((3, $"IMP-{tag}-2"), (4, $"IMP-{tag}-3"), (6, $"IMP-{tag}-5"));
        done.Errors[0].Message.Should().Contain("name");
        done.Errors[1].Message.Should().Contain("price");
        done.Errors[2].Message.Should().Contain("brand").And.Contain("NUL", "PostgreSQL cannot store it: the row is reported, the import goes on");

        var found = await Client.GetFromJsonAsync<PageResponse<ProductResponse>>($"/api/v1/products?q={tag}", SalesMateFactory.Json);
        found!.Items.Select(p => p.Name).Should().BeEquivalentTo($"Import Kettle {tag}", $"Import Mixer {tag}");

        var list = await GetAsync<ProductImportListResponse>(admin.Token, "/api/v1/admin/products/imports");
        list.Imports.Should().Contain(i => i.Id == job.Id && i.Status == ProductImportStatus.Completed);
    }

    [Fact]
    public async Task Without_skip_invalid_a_file_with_a_bad_row_changes_nothing_and_says_why()
    {
        var admin = await AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var json = $$"""
            [
              { "sku": "JS-{{tag}}-1", "name": "Json Lamp {{tag}}", "brand": "Lumo", "category": "Lighting", "price": 35 },
              { "sku": "JS-{{tag}}-1", "name": "Json Lamp again {{tag}}", "brand": "Lumo", "category": "Lighting", "price": 36 }
            ]
            """;
        using var started = await StartAsync(admin.Token, "lamps.json", json, skipInvalid: false);
        var done = await WaitAsync(admin.Token, (await started.ReadAsync<ProductImportResponse>()).Id);

        done.Status.Should().Be(ProductImportStatus.Completed);
        done.Applied.Should().BeFalse();
        done.Created.Should().Be(0);
        done.Errors.Should().ContainSingle().Which.Message.Should().Contain("more than once");
        var found = await Client.GetFromJsonAsync<PageResponse<ProductResponse>>($"/api/v1/products?q={tag}", SalesMateFactory.Json);
        found!.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task An_unreadable_file_is_refused_at_once_and_only_admins_may_import()
    {
        var admin = await AdminAsync();
        using var broken = await StartAsync(admin.Token, "broken.json", "[{ \"sku\": ", skipInvalid: false);
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var brokenErrors = (await broken.ReadAsync<ValidationProblemDetails>()).Errors;
        brokenErrors.Should().ContainKey("file");
        brokenErrors["file"][0].Should().Contain("invalid JSON at line 1")
            .And.NotContain("LineNumber", "the parser's zero-based position contradicts the line the message names");

        using var wrongType = await StartAsync(admin.Token, "products.xlsx", "sku,name", skipInvalid: false);
        wrongType.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var sales = await fixture.Factory.CreateAccountAsync(tenantId, $"sales-{Guid.NewGuid():N}@example.com", Roles.Sales);
        using var forbidden = await StartAsync(sales.Token, "products.csv", "sku,name,brand,category,price\nA,B,C,D,1", skipInvalid: false);
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var missing = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, $"/api/v1/admin/products/imports/{Guid.NewGuid()}", admin.Token));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<TestAccount> AdminAsync() => await fixture.Factory.CreateAccountAsync(
        await fixture.Factory.TenantIdAsync("demo"), $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);

    private Task<HttpResponseMessage> StartAsync(string token, string fileName, string content, bool skipInvalid)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(skipInvalid ? "true" : "false"), "skip_invalid");
        var request = TestAccounts.Request(HttpMethod.Post, "/api/v1/admin/products/imports", token);
        request.Content = form;
        return Client.SendAsync(request);
    }

    private async Task<T> GetAsync<T>(string token, string url)
    {
        using var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, url, token));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.ReadAsync<T>();
    }

    /// <summary>Polls the job until it has finished (bounded: about 30 s).</summary>
    private async Task<ProductImportResponse> WaitAsync(string token, Guid id)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var job = await GetAsync<ProductImportResponse>(token, $"/api/v1/admin/products/imports/{id}");
            if (ProductImportStatus.IsFinished(job.Status))
            {
                return job;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Import {id} did not finish.");
    }
}

[Collection("sqlite")]
public sealed class SqliteProductImportApiTests(SqliteAppFixture fixture) : ProductImportApiTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresProductImportApiTests(PostgresAppFixture fixture) : ProductImportApiTests(fixture), IClassFixture<PostgresAppFixture>;
