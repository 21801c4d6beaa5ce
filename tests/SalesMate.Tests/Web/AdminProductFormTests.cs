using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Web;

/// <summary>The admin console's product form refuses what an import refuses, field by field, and saves nothing then.</summary>
public abstract class AdminProductFormTests(AppFixture fixture)
{
    [Theory]
    [InlineData("name", "name", "must be at most 200 characters")]
    [InlineData("brand", "brand", "must be at most 100 characters")]
    [InlineData("description", "description", "must be at most 4,000 characters")]
    [InlineData("price", "99999999999999999999", "Price must be a number from 0 to 1,000,000,000")]
    [InlineData("price", "-5", "Price must be a number from 0 to 1,000,000,000")]
    [InlineData("price", "12.345", "at most 2 decimals")]
    public async Task A_bad_value_is_shown_as_that_fields_error_and_the_product_is_unchanged(string field, string value, string message)
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var before = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().OrderBy(p => p.Sku).FirstAsync());
        var fields = new Dictionary<string, string>
        {
            ["id"] = before.Id.ToString(), ["name"] = before.Name, ["brand"] = before.Brand, ["category"] = before.Category,
            ["price"] = "10", ["stock"] = "3", ["description"] = "short",
        };
        fields[field] = value switch
        {
            "name" => new string('n', 201),
            "brand" => new string('b', 101),
            "description" => new string('d', 4001),
            _ => value,
        };

        var response = await AdminForms.PostAsync(fixture.Client, admin.Token, "/admin/products?handler=Save", fields);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        WebUtility.HtmlDecode(html).Should().Contain("sm-form-errors").And.Contain(message);
        var after = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().FirstAsync(p => p.Id == before.Id));
        (after.Name, after.Brand, after.Price, after.Description).Should().Be((before.Name, before.Brand, before.Price, before.Description));
    }

    [Fact]
    public async Task A_refused_form_keeps_what_the_admin_typed()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var before = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().OrderBy(p => p.Sku).FirstAsync());
        var fields = new Dictionary<string, string>
        {
            ["id"] = before.Id.ToString(), ["name"] = "Renamed by the admin", ["brand"] = "NewBrand", ["category"] = before.Category,
            ["price"] = "-5", ["stock"] = "7", ["description"] = "A new description the admin typed.",
        };

        var response = await AdminForms.PostAsync(fixture.Client, admin.Token, "/admin/products?handler=Save", fields);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.Should().Contain("value=\"Renamed by the admin\"").And.Contain("value=\"NewBrand\"").And.Contain("value=\"-5\"")
            .And.Contain("value=\"7\"").And.Contain(">A new description the admin typed.</textarea>");
        html.Should().NotContain($"value=\"{before.Name}\"");
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminProductFormTests(SqliteAppFixture fixture) : AdminProductFormTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresAdminProductFormTests(PostgresAppFixture fixture) : AdminProductFormTests(fixture), IClassFixture<PostgresAppFixture>;
