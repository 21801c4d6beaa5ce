using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Web;

/// <summary>The admin console's persona form: a bad description or model id is shown next to its field and nothing is saved.</summary>
public abstract class AdminPersonaFormTests(AppFixture fixture)
{
    [Theory]
    [InlineData("Description", "long", "The description must be at most 500 characters.")]
    [InlineData("PersonaModel", "gpt 4o mini", "The model must be a model id of at most 200 characters without spaces")]
    public async Task A_bad_value_is_shown_as_that_fields_error_and_the_persona_is_unchanged(string field, string value, string message)
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var before = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AssistantPersonas.AsNoTracking().OrderBy(p => p.Name).FirstAsync());
        var fields = new Dictionary<string, string>
        {
            ["Name"] = before.Name, ["SystemPrompt"] = before.SystemPrompt, ["Description"] = before.Description, ["PersonaModel"] = "",
        };
        fields[field] = value == "long" ? new string('d', 501) : value;

        var response = await AdminForms.PostAsync(fixture.Client, admin.Token, $"/admin/personas?edit={before.Id}", fields);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        html.Should().Contain("sm-form-errors").And.Contain(message);
        var after = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AssistantPersonas.AsNoTracking().FirstAsync(p => p.Id == before.Id));
        (after.Description, after.Model).Should().Be((before.Description, before.Model));
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminPersonaFormTests(SqliteAppFixture fixture) : AdminPersonaFormTests(fixture), IClassFixture<SqliteAppFixture>;
