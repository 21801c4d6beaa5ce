using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>The seed-000 shopper personas demo behind demo.personas, overridable per tenant.</summary>
public abstract class PersonaDemoTests(IdentityAppFixture fixture)
{
    private Task SetTenantOverrideAsync(bool? on) => fixture.DbAsync(async db =>
    {
        var tenant = await db.Tenants.SingleAsync(t => t.Slug == "demo");
        tenant.Settings = tenant.Settings with { DemoPersonas = on };
        return await db.SaveChangesAsync();
    });

    private static async Task<List<PersonaResponse>> PersonasAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<PersonaResponse>>("/api/v1/personas", SalesMateFactory.Json))!;

    [Fact]
    public async Task On_by_default_the_four_shopper_personas_are_offered_and_usable()
    {
        var personas = await PersonasAsync(fixture.Client);
        personas.Should().HaveCount(4);
        var start = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { persona_id = personas[0].Code });
        start.StatusCode.Should().Be(HttpStatusCode.OK);
        (await start.ReadAsync<StartChatResponse>()).PersonaId.Should().Be(personas[0].Id);
    }

    [Fact]
    public async Task Turned_off_for_the_tenant_the_personas_are_hidden_and_refused()
    {
        var personas = await PersonasAsync(fixture.Client);
        await SetTenantOverrideAsync(false);
        try
        {
            (await PersonasAsync(fixture.Client)).Should().BeEmpty();
            var refused = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { persona_id = personas[0].Id.ToString() });
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.ReadAsync<ValidationProblemDetails>()).Errors["persona_id"].Single().Should().Contain("demo.personas");
            (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).StatusCode.Should().Be(HttpStatusCode.OK, "plain chat still works");
        }
        finally
        {
            await SetTenantOverrideAsync(null);
        }
    }

    [Fact]
    public async Task Turned_off_in_config_a_tenant_can_still_turn_them_on()
    {
        var (app, client) = fixture.StartInstance(new Dictionary<string, string> { ["demo:personas"] = "false" });
        using (client)
        {
            (await PersonasAsync(client)).Should().BeEmpty();
            (await client.PostJsonAsync("/api/v1/chat/start", new { persona_id = "budget-student" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);

            await SetTenantOverrideAsync(true);
            try
            {
                (await PersonasAsync(client)).Should().HaveCount(4);
                (await client.PostJsonAsync("/api/v1/chat/start", new { persona_id = "budget-student" })).StatusCode.Should().Be(HttpStatusCode.OK);
            }
            finally
            {
                await SetTenantOverrideAsync(null);
            }
        }
        await app.DisposeAsync();
    }
}

[Collection("sqlite")]
public sealed class SqlitePersonaDemoTests(SqliteIdentityAppFixture fixture) : PersonaDemoTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresPersonaDemoTests(PostgresIdentityAppFixture fixture) : PersonaDemoTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
