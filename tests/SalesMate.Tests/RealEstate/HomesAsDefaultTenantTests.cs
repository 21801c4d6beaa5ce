using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.RealEstate;

/// <summary>Single-tenant mode with app.default_tenant: homes serves the real-estate demo at the root, and seeds nothing else.</summary>
public abstract class HomesAsDefaultFixture(DatabaseKind kind) : AppFixture(kind, new Dictionary<string, string>
{
    ["app:default_tenant"] = "homes",
});

public sealed class SqliteHomesAsDefaultFixture() : HomesAsDefaultFixture(DatabaseKind.Sqlite);

public sealed class PostgresHomesAsDefaultFixture() : HomesAsDefaultFixture(DatabaseKind.Postgres);

public abstract class HomesAsDefaultTenantTests(HomesAsDefaultFixture fixture)
{
    [Fact]
    public async Task The_default_tenant_named_homes_is_the_real_estate_demo_and_the_only_tenant()
    {
        var start = await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { });
        start.StatusCode.Should().Be(HttpStatusCode.OK);
        var chat = await start.ReadAsync<StartChatResponse>();
        var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = chat.ConversationId, message = "1BHK in Electronic City under 50 lakh" }, chat.SessionToken);
        var answer = await response.ReadAsync<ChatMessageResponse>();
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Apartments" && p.Price <= 5_000_000m && p.Currency == "INR");
        answer.Answer.Should().Contain("under ₹50 L");

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var tenants = await db.Tenants.Select(t => new { t.Slug, t.Name, t.Settings }).ToListAsync();
        tenants.Should().ContainSingle("single-tenant mode seeds only the tenant it serves").Which.Slug.Should().Be("homes");
        tenants[0].Name.Should().Be("Skyline Homes");
        tenants[0].Settings.Currency.Should().Be("INR");
    }
}

[Collection("sqlite")]
public sealed class SqliteHomesAsDefaultTenantTests(SqliteHomesAsDefaultFixture fixture)
    : HomesAsDefaultTenantTests(fixture), IClassFixture<SqliteHomesAsDefaultFixture>;

[Collection("postgres")]
public sealed class PostgresHomesAsDefaultTenantTests(PostgresHomesAsDefaultFixture fixture)
    : HomesAsDefaultTenantTests(fixture), IClassFixture<PostgresHomesAsDefaultFixture>;
