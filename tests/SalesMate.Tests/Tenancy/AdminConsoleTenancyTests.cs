using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Web;

namespace SalesMate.Tests.Tenancy;

/// <summary>
/// The admin console's create, edit and delete forms with tenant beta's admin against tenant alpha's products and
/// personas: at beta's own path the rows are not found, at alpha's path beta's sign-in does not count. Alpha is unchanged.
/// </summary>
public abstract class AdminConsoleTenancyTests(MultiTenantFixture fixture)
{
    [Fact]
    public async Task Beta_admin_cannot_delete_or_edit_alphas_product_from_the_admin_console()
    {
        var (alpha, beta) = (fixture.Alpha, fixture.Beta);
        var before = await fixture.SnapshotAsync(alpha.TenantId);
        using var client = AdminForms.NoRedirects(fixture.Client);

        var delete = await AdminForms.PostAsync(client, beta.Admin.Token, beta.At($"/admin/products?handler=Delete&id={alpha.ProductId}"), [], beta.At(""));
        var save = await AdminForms.PostAsync(client, beta.Admin.Token, beta.At($"/admin/products?handler=Save&id={alpha.ProductId}"), new Dictionary<string, string>
        {
            ["name"] = "Owned by beta", ["category"] = "Cameras", ["price"] = "1", ["stock"] = "0",
        }, beta.At(""));
        var atAlpha = await AdminForms.PostAsync(client, beta.Admin.Token, alpha.At($"/admin/products?handler=Delete&id={alpha.ProductId}"), [], beta.At(""));

        delete.StatusCode.Should().Be(HttpStatusCode.NotFound, await delete.Content.ReadAsStringAsync());
        save.StatusCode.Should().Be(HttpStatusCode.Redirect);
        save.Headers.Location!.OriginalString.Should().NotContain("saved");
        ((int)atAlpha.StatusCode).Should().NotBe(200).And.NotBe(302, "a beta sign-in is no sign-in at alpha's path");
        (await fixture.SnapshotAsync(alpha.TenantId)).Should().Be(before);
    }

    [Fact]
    public async Task Beta_admin_cannot_delete_alphas_persona_and_creates_only_in_its_own_tenant()
    {
        var (alpha, beta) = (fixture.Alpha, fixture.Beta);
        var alphaPersona = await fixture.Factory.InTenantAsync(alpha.TenantId, (_, db) =>
            db.AssistantPersonas.AsNoTracking().Where(p => !p.IsDefault && p.Code != "sales-trainer").Select(p => p.Id).FirstAsync());
        var alphaPersonas = await fixture.Factory.InTenantAsync(alpha.TenantId, (_, db) => db.AssistantPersonas.CountAsync());
        using var client = AdminForms.NoRedirects(fixture.Client);

        var delete = await AdminForms.PostAsync(client, beta.Admin.Token, beta.At($"/admin/personas?handler=Delete&id={alphaPersona}"), [], beta.At(""));
        var create = await AdminForms.PostAsync(client, beta.Admin.Token, beta.At("/admin/personas?handler=Create&new=true"), new Dictionary<string, string>
        {
            ["Name"] = "Beta voice", ["SystemPrompt"] = "Beta only.",
        }, beta.At(""));

        delete.StatusCode.Should().Be(HttpStatusCode.NotFound, await delete.Content.ReadAsStringAsync());
        create.StatusCode.Should().Be(HttpStatusCode.Redirect, await create.Content.ReadAsStringAsync());
        (await fixture.Factory.InTenantAsync(alpha.TenantId, (_, db) => db.AssistantPersonas.CountAsync())).Should().Be(alphaPersonas);
        (await fixture.Factory.InTenantAsync(alpha.TenantId, (_, db) => db.AssistantPersonas.AnyAsync(p => p.Name == "Beta voice"))).Should().BeFalse();
        (await fixture.Factory.InTenantAsync(beta.TenantId, (_, db) => db.AssistantPersonas.AnyAsync(p => p.Name == "Beta voice"))).Should().BeTrue();
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminConsoleTenancyTests(SqliteMultiTenantFixture fixture) : AdminConsoleTenancyTests(fixture), IClassFixture<SqliteMultiTenantFixture>;

[Collection("postgres")]
public sealed class PostgresAdminConsoleTenancyTests(PostgresMultiTenantFixture fixture) : AdminConsoleTenancyTests(fixture), IClassFixture<PostgresMultiTenantFixture>;
