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

    [Theory]
    [InlineData("name", false)]
    [InlineData("description", false)]
    [InlineData("brand", true)]
    public async Task A_NUL_character_is_that_fields_error_and_the_form_keeps_what_was_typed(string field, bool tokenInForm)
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var before = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().OrderBy(p => p.Sku).FirstAsync());
        var fields = new Dictionary<string, string>
        {
            ["id"] = before.Id.ToString(), ["name"] = "Typed name", ["brand"] = "Typed brand", ["category"] = before.Category,
            ["price"] = "12.50", ["stock"] = "4", ["description"] = "Typed description",
        };
        fields[field] = "Before\0after";

        // FormUrlEncodedContent writes the NUL as %00, as a browser or curl would.
        var response = await AdminForms.PostAsync(fixture.Client, admin.Token, "/admin/products?handler=Save", fields, tokenInForm: tokenInForm);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        var label = char.ToUpperInvariant(field[0]) + field[1..];
        html.Should().Contain("sm-form-errors").And.Contain($"{label} must not contain a NUL character.");
        html.Should().Contain($"data-field-error=\"{field}\"");
        html.Should().Contain(field == "brand" ? "value=\"Before" : "value=\"Typed brand\"").And.Contain("value=\"12.50\"").And.Contain("value=\"4\"").And.Contain("Before");
        var after = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().FirstAsync(p => p.Id == before.Id));
        (after.Name, after.Brand, after.Description).Should().Be((before.Name, before.Brand, before.Description));
    }

    [Fact]
    public async Task New_product_is_created_in_the_tenants_currency_and_the_catalog_version_moves()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var versionBefore = await CatalogVersionAsync(tenantId);
        var sku = $"NEW-{Guid.NewGuid():N}"[..20];
        using var client = AdminForms.NoRedirects(fixture.Client);

        (await AdminForms.GetHtmlAsync(client, admin.Token, "/admin/products?new=true")).Should().Contain("New product").And.Contain("name=\"sku\"");
        var response = await AdminForms.PostAsync(client, admin.Token, "/admin/products?handler=Create", new Dictionary<string, string>
        {
            ["sku"] = sku, ["name"] = "Trail Runner 2", ["brand"] = "Stride", ["category"] = "Shoes", ["price"] = "129.90", ["stock"] = "12",
            ["description"] = "Light trail shoe.",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var created = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().SingleAsync(p => p.Sku == sku));
        (created.Name, created.Brand, created.Category, created.Price, created.Stock, created.Currency).Should().Be(("Trail Runner 2", "Stride", "Shoes", 129.90m, 12, "USD"));
        created.SearchText.Should().Contain("trail runner");
        response.Headers.Location!.OriginalString.Should().Contain($"edit={created.Id}");
        (await CatalogVersionAsync(tenantId)).Should().BeGreaterThan(versionBefore);
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AuditLogs.AnyAsync(a => a.Action == "product.create" && a.TargetId == created.Id.ToString())))
            .Should().BeTrue();
    }

    [Fact]
    public async Task New_product_with_a_taken_or_bad_sku_is_refused_and_keeps_what_was_typed()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var existing = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AsNoTracking().OrderBy(p => p.Sku).FirstAsync());
        var count = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.CountAsync());
        Dictionary<string, string> Fields(string sku) => new()
        {
            ["sku"] = sku, ["name"] = "Typed name", ["brand"] = "", ["category"] = "Typed category", ["price"] = "5", ["stock"] = "1", ["description"] = "",
        };

        var taken = WebUtility.HtmlDecode(await (await AdminForms.PostAsync(fixture.Client, admin.Token, "/admin/products?handler=Create", Fields(existing.Sku))).Content.ReadAsStringAsync());
        var bad = WebUtility.HtmlDecode(await (await AdminForms.PostAsync(fixture.Client, admin.Token, "/admin/products?handler=Create", Fields("no spaces allowed"))).Content.ReadAsStringAsync());

        taken.Should().Contain($"Another product already has the SKU {existing.Sku}").And.Contain("data-field-error=\"sku\"")
            .And.Contain("value=\"Typed name\"").And.Contain("New product");
        bad.Should().Contain("SKU must be 1 to 64 letters").And.Contain("value=\"no spaces allowed\"");
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.CountAsync())).Should().Be(count);
    }

    [Fact]
    public async Task Delete_asks_for_confirmation_then_removes_the_product_for_good()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var sku = $"DEL-{Guid.NewGuid():N}"[..20];
        var id = (await fixture.Factory.ImportProductsAsync(tenantId, (sku, "Doomed Lamp", "Lamps", 30m)))[0];
        var versionBefore = await CatalogVersionAsync(tenantId);
        using var client = AdminForms.NoRedirects(fixture.Client);

        var confirm = await AdminForms.GetHtmlAsync(client, admin.Token, $"/admin/products?delete={id}");
        confirm.Should().Contain("Delete Doomed Lamp?").And.Contain($"action=\"/admin/products?id={id}&handler=Delete\"");
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AnyAsync(p => p.Id == id))).Should().BeTrue("showing the confirmation deletes nothing");

        var response = await AdminForms.PostAsync(client, admin.Token, $"/admin/products?handler=Delete&id={id}", []);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.Should().Contain("deleted=True");
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AnyAsync(p => p.Id == id))).Should().BeFalse();
        (await CatalogVersionAsync(tenantId)).Should().BeGreaterThan(versionBefore);
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AuditLogs.AnyAsync(a => a.Action == "product.delete" && a.TargetId == id.ToString())))
            .Should().BeTrue();

        var again = await AdminForms.PostAsync(client, admin.Token, $"/admin/products?handler=Delete&id={id}", []);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).Should().Contain("That product does not exist (any more)");
    }

    private Task<long> CatalogVersionAsync(Guid tenantId) =>
        fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.CatalogVersion).SingleAsync());
}

[Collection("sqlite")]
public sealed class SqliteAdminProductFormTests(SqliteAppFixture fixture) : AdminProductFormTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresAdminProductFormTests(PostgresAppFixture fixture) : AdminProductFormTests(fixture), IClassFixture<PostgresAppFixture>;
