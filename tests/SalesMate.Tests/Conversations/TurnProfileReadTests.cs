using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// What a turn knows about an anonymous shopper (read with the tenant row, TurnLoader): the session's own facts and those of
/// every session of its tenant proven to belong to the same email; never another email's, an account's or another tenant's.
/// </summary>
public abstract class TurnProfileReadTests(AppFixture fixture)
{
    [Fact]
    public async Task A_turn_knows_the_facts_of_its_session_and_of_the_sessions_with_its_proven_email_only()
    {
        var demo = await fixture.Factory.TenantIdAsync("demo");
        var other = await fixture.Factory.CreateTenantAsync($"profile-read-{Guid.NewGuid():N}"[..24]);
        var email = $"shopper-{Guid.NewGuid():N}@invented.example";

        var proven = await SessionWithFactAsync(demo, email, "edits videos for a living");
        var earlier = await SessionWithFactAsync(demo, email, "travels a lot");
        await SessionWithFactAsync(demo, $"someone-else-{Guid.NewGuid():N}@invented.example", "collects cameras");
        await SessionWithFactAsync(other, email, "lives in another shop");
        var anonymous = await SessionWithFactAsync(demo, null, "plays chess");
        await fixture.Factory.InTenantAsync(demo, async (_, db) =>
        {
            var user = await db.Users.Select(u => (Guid?)u.Id).FirstOrDefaultAsync();
            if (user is { } userId)
            {
                db.ProfileFacts.Add(Fact(null, "has an account", userId));
                await db.SaveChangesAsync();
            }
            return 0;
        });

        // Both ways a turn arrives: alone, and with the tenant row and the session's email as the request's session lookup read them.
        foreach (var readWithSession in new[] { false, true })
        {
            (await FactsOfTurnAsync(demo, proven, readWithSession)).Should().BeEquivalentTo(["edits videos for a living", "travels a lot"]);
            (await FactsOfTurnAsync(demo, earlier, readWithSession)).Should().BeEquivalentTo(["edits videos for a living", "travels a lot"]);
            (await FactsOfTurnAsync(demo, anonymous, readWithSession)).Should().Equal(["plays chess"], "a session without a proven email has only its own facts");
        }
    }

    private async Task<IReadOnlyList<string>> FactsOfTurnAsync(Guid tenantId, Guid conversationId, bool readWithSession) =>
        await fixture.Factory.InTenantAsync(tenantId, async (services, db) =>
        {
            var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId);
            var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == conversation.SessionId);
            var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
                .Select(t => new Vector.TenantTurnRow(t.CatalogVersion, t.Settings, t.PersonasVersion)).SingleAsync();
            var turn = new PreparedTurn(conversationId, conversation.SessionId, Guid.CreateVersion7(), Guid.CreateVersion7(), "hello")
            {
                Tenant = readWithSession ? tenant : null,
                SessionHasEmail = !readWithSession || session.Email is not null,
            };
            var loaded = await services.GetRequiredService<TurnLoader>().LoadAsync(turn, null);
            return loaded.Profile?.Facts ?? [];
        });

    /// <summary>A session (with the email proven, when given) with one conversation and one learned fact; returns the conversation.</summary>
    private Task<Guid> SessionWithFactAsync(Guid tenantId, string? email, string fact) =>
        fixture.Factory.InTenantAsync(tenantId, async (_, db) =>
        {
            var now = DateTime.UtcNow;
            var session = new VisitorSession
            {
                Id = Guid.CreateVersion7(), TokenHash = Guid.NewGuid().ToString("N"), Email = email, CreatedAt = now, LastActivityAt = now,
            };
            var conversation = new Conversation { Id = Guid.CreateVersion7(), SessionId = session.Id, CreatedAt = now, UpdatedAt = now };
            db.Sessions.Add(session);
            db.Conversations.Add(conversation);
            db.ProfileFacts.Add(Fact(session.Id, fact, null));
            await db.SaveChangesAsync();
            return conversation.Id;
        });

    private static ProfileFact Fact(Guid? sessionId, string value, Guid? userId) => new()
    {
        Id = Guid.CreateVersion7(),
        SessionId = sessionId,
        UserId = userId,
        Kind = ProfileFactKinds.Fact,
        Value = value,
        Source = "test",
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };
}

[Collection("sqlite")]
public sealed class SqliteTurnProfileReadTests(SqliteAppFixture fixture) : TurnProfileReadTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresTurnProfileReadTests(PostgresAppFixture fixture) : TurnProfileReadTests(fixture), IClassFixture<PostgresAppFixture>;
