using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// Chat turns use personas cached per instance until <c>tenants.personas_version</c> moves; database triggers move it
/// on every persona write, however it is made, and only for the tenant written to.
/// </summary>
public abstract class PersonasVersionTests(AppFixture fixture)
{
    private Task<long> VersionAsync(Guid tenantId) =>
        fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Tenants.Where(t => t.Id == tenantId).Select(t => t.PersonasVersion).SingleAsync());

    [Fact]
    public async Task Every_persona_write_moves_the_tenants_personas_version_and_no_other_tenants()
    {
        var demo = await fixture.Factory.TenantIdAsync("demo");
        var other = await fixture.Factory.CreateTenantAsync($"pv-{Guid.NewGuid():N}"[..20]);
        var otherBefore = await VersionAsync(other);
        var code = $"pv-{Guid.NewGuid():N}"[..12];

        var start = await VersionAsync(demo);
        await fixture.Factory.InTenantAsync(demo, async (_, db) =>
        {
            db.AssistantPersonas.Add(new AssistantPersona { Id = Guid.NewGuid(), Code = code, Name = "Version probe", SystemPrompt = "Be brief." });
            return await db.SaveChangesAsync();
        });
        var added = await VersionAsync(demo);
        added.Should().BeGreaterThan(start, "adding a persona");

        await fixture.Factory.InTenantAsync(demo, (_, db) =>
            db.AssistantPersonas.Where(p => p.Code == code).ExecuteUpdateAsync(s => s.SetProperty(p => p.Model, "gpt-probe")));
        var updated = await VersionAsync(demo);
        updated.Should().BeGreaterThan(added, "a bulk update that EF does not track");

        await fixture.Factory.InTenantAsync(demo, (_, db) => db.ShopperPersonas.Take(1).ExecuteUpdateAsync(s => s.SetProperty(p => p.Description, p => p.Description)));
        var shopperTouched = await VersionAsync(demo);
        shopperTouched.Should().BeGreaterThan(updated, "shopper personas count too");

        await fixture.Factory.InTenantAsync(demo, (_, db) => db.AssistantPersonas.Where(p => p.Code == code).ExecuteDeleteAsync());
        (await VersionAsync(demo)).Should().BeGreaterThan(shopperTouched, "deleting a persona");
        (await VersionAsync(other)).Should().Be(otherBefore);
    }
}

[Collection("sqlite")]
public sealed class SqlitePersonasVersionTests(SqliteAppFixture fixture) : PersonasVersionTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresPersonasVersionTests(PostgresAppFixture fixture) : PersonasVersionTests(fixture), IClassFixture<PostgresAppFixture>;
