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
    [InlineData("Name", "Sam\0the closer", "Name must not contain a NUL character.")]
    [InlineData("SystemPrompt", "Be kind.\0", "The system prompt must not contain a NUL character.")]
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
        (after.Name, after.SystemPrompt, after.Description, after.Model).Should().Be((before.Name, before.SystemPrompt, before.Description, before.Model));
    }

    [Fact]
    public async Task New_persona_gets_a_code_from_its_name_and_a_bad_one_keeps_what_was_typed()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var name = $"Calm Closer {Guid.NewGuid():N}"[..20];
        using var client = AdminForms.NoRedirects(fixture.Client);

        var refused = await AdminForms.PostAsync(client, admin.Token, "/admin/personas?handler=Create&new=true", new Dictionary<string, string>
        {
            ["Name"] = name, ["SystemPrompt"] = "You close calmly.", ["Temperature"] = "7",
        });
        var refusedHtml = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        refused.StatusCode.Should().Be(HttpStatusCode.OK, refusedHtml);
        refusedHtml.Should().Contain("Temperature must be a number from 0 to 2.").And.Contain($"value=\"{name}\"").And.Contain("New persona");

        var created = await AdminForms.PostAsync(client, admin.Token, "/admin/personas?handler=Create&new=true", new Dictionary<string, string>
        {
            ["Name"] = name, ["SystemPrompt"] = "You close calmly.", ["Temperature"] = "0.4", ["Description"] = "Quiet",
        });

        created.StatusCode.Should().Be(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var persona = await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AssistantPersonas.AsNoTracking().SingleAsync(p => p.Name == name));
        persona.Code.Should().Be(name.ToLowerInvariant().Replace(' ', '-'));
        (persona.SystemPrompt, persona.Temperature, persona.Description, persona.IsDefault).Should().Be(("You close calmly.", 0.4, "Quiet", false));
    }

    [Fact]
    public async Task Delete_asks_for_confirmation_then_removes_the_persona_and_its_conversations_fall_back_to_the_default()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var code = $"doomed-{Guid.NewGuid():N}";
        var id = await fixture.Factory.InTenantAsync(tenantId, async (_, db) =>
        {
            var persona = new AssistantPersona { Id = Guid.CreateVersion7(), Code = code, Name = "Doomed voice", SystemPrompt = "x", CreatedAt = DateTime.UtcNow };
            db.AssistantPersonas.Add(persona);
            await db.SaveChangesAsync();
            return persona.Id;
        });
        var start = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { });
        var conversationId = (await start.ReadAsync<System.Text.Json.JsonElement>()).GetProperty("conversation_id").GetGuid();
        await fixture.Factory.InTenantAsync(tenantId, (_, db) =>
            db.Conversations.Where(c => c.Id == conversationId).ExecuteUpdateAsync(s => s.SetProperty(c => c.AssistantPersonaId, id)));
        using var client = AdminForms.NoRedirects(fixture.Client);

        (await AdminForms.GetHtmlAsync(client, admin.Token, $"/admin/personas?delete={id}")).Should().Contain("Delete Doomed voice?");
        var response = await AdminForms.PostAsync(client, admin.Token, $"/admin/personas?handler=Delete&id={id}", []);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AssistantPersonas.AnyAsync(p => p.Id == id))).Should().BeFalse();
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.AssistantPersonaId).SingleAsync()))
            .Should().BeNull();
    }

    [Fact]
    public async Task The_default_persona_and_the_trainers_persona_cannot_be_deleted()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var (defaultId, trainerId) = await fixture.Factory.InTenantAsync(tenantId, async (_, db) =>
            (await db.AssistantPersonas.Where(p => p.IsDefault).Select(p => p.Id).SingleAsync(),
             await db.AssistantPersonas.Where(p => p.Code == "sales-trainer").Select(p => p.Id).SingleAsync()));

        var refusedDefault = await AdminForms.PostAsync(fixture.Client, admin.Token, $"/admin/personas?handler=Delete&id={defaultId}", []);
        var refusedTrainer = await AdminForms.PostAsync(fixture.Client, admin.Token, $"/admin/personas?handler=Delete&id={trainerId}", []);

        WebUtility.HtmlDecode(await refusedDefault.Content.ReadAsStringAsync()).Should().Contain("is the default persona. Make another persona the default first");
        WebUtility.HtmlDecode(await refusedTrainer.Content.ReadAsStringAsync()).Should().Contain("The trainer agent speaks as");
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.AssistantPersonas.CountAsync(p => p.Id == defaultId || p.Id == trainerId))).Should().Be(2);
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminPersonaFormTests(SqliteAppFixture fixture) : AdminPersonaFormTests(fixture), IClassFixture<SqliteAppFixture>;
