using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Tenancy;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Conversations;

/// <summary>
/// A chat turn's session lookup brings the session's own profile facts, so the turn reads none of its own: from a column
/// of the session's row that triggers keep (migrations 0029 and 0031, ADR 0019a and 0022a). They are exactly what is
/// stored, whoever wrote it.
/// </summary>
public abstract class SessionFactsReadTests(AppFixture fixture)
{
    private static readonly DateTime At = new DateTime(2026, 7, 4, 12, 0, 0, DateTimeKind.Utc).AddTicks(10);

    [Fact]
    public async Task The_session_lookup_brings_the_sessions_own_anonymous_facts_exactly()
    {
        var mine = await StartAsync();
        var theirs = await StartAsync();
        var demo = await TenantIdAsync();
        await using (var scope = Scope(demo, out var db))
        {
            var sessionIds = await db.Conversations.Where(c => c.Id == mine.ConversationId || c.Id == theirs.ConversationId)
                .ToDictionaryAsync(c => c.Id, c => c.SessionId);
            db.ProfileFacts.AddRange(
                Fact(sessionIds[mine.ConversationId], ProfileFactKinds.BudgetMax, "700 USD", mine.ConversationId),
                Fact(sessionIds[mine.ConversationId], ProfileFactKinds.Name, "Zoë \"Z\" O'Brien", null),
                Fact(sessionIds[theirs.ConversationId], ProfileFactKinds.Brand, "Lenovo", theirs.ConversationId));
            await db.SaveChangesAsync();
        }

        var (read, stored) = await LookupAsync(demo, mine);

        stored.Should().HaveCount(2);
        read.OrderBy(f => f.Id).Should().BeEquivalentTo(stored, o => o.WithStrictOrdering(), "every field of the session's own facts, and no one else's");
    }

    [Fact]
    public async Task Facts_changed_or_deleted_by_any_writer_are_what_the_next_lookup_brings()
    {
        var mine = await StartAsync();
        var demo = await TenantIdAsync();
        Guid sessionId;
        ProfileFact kept, dropped;
        await using (var scope = Scope(demo, out var db))
        {
            sessionId = await db.Conversations.Where(c => c.Id == mine.ConversationId).Select(c => c.SessionId).SingleAsync();
            kept = Fact(sessionId, ProfileFactKinds.Brand, "Dell", null);
            dropped = Fact(sessionId, ProfileFactKinds.Category, "laptops", null);
            db.ProfileFacts.AddRange(kept, dropped);
            await db.SaveChangesAsync();
        }
        (await LookupAsync(demo, mine)).Read.Select(f => f.Value).Should().BeEquivalentTo(["Dell", "laptops"]);

        await using (var scope = Scope(demo, out var db))
        {
            // As the CLI or an operator's SQL would: not through the app's change tracking.
            await db.ProfileFacts.Where(f => f.Id == kept.Id).ExecuteUpdateAsync(f => f.SetProperty(x => x.Value, "HP"));
        }
        var (read, stored) = await LookupAsync(demo, mine);
        read.OrderBy(f => f.Id).Should().BeEquivalentTo(stored, o => o.WithStrictOrdering());
        read.Select(f => f.Value).Should().BeEquivalentTo(["HP", "laptops"]);

        await using (var scope = Scope(demo, out var db))
        {
            await db.ProfileFacts.Where(f => f.Id == dropped.Id).ExecuteDeleteAsync();
        }
        read = (await LookupAsync(demo, mine)).Read;
        read.Select(f => f.Value).Should().Equal("HP");

        await using (var scope = Scope(demo, out var db))
        {
            await db.ProfileFacts.Where(f => f.SessionId == sessionId).ExecuteDeleteAsync();
        }
        (await LookupAsync(demo, mine)).Read.Should().BeEmpty("the session has no facts left");
    }

    [Fact]
    public async Task Facts_moved_to_another_session_in_one_statement_leave_the_first_and_reach_the_second()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        var demo = await TenantIdAsync();
        Guid firstSession, secondSession;
        await using (var scope = Scope(demo, out var db))
        {
            firstSession = await db.Conversations.Where(c => c.Id == first.ConversationId).Select(c => c.SessionId).SingleAsync();
            secondSession = await db.Conversations.Where(c => c.Id == second.ConversationId).Select(c => c.SessionId).SingleAsync();
            db.ProfileFacts.AddRange(Fact(firstSession, ProfileFactKinds.Brand, "Asus", null), Fact(firstSession, ProfileFactKinds.Name, "Ada", null),
                Fact(secondSession, ProfileFactKinds.Category, "laptops", null));
            await db.SaveChangesAsync();
        }

        await using (var scope = Scope(demo, out var db))
        {
            // As a merge of two sessions of one shopper would: several rows, two sessions, one statement.
            await db.ProfileFacts.Where(f => f.SessionId == firstSession).ExecuteUpdateAsync(f => f.SetProperty(x => x.SessionId, secondSession));
        }

        (await LookupAsync(demo, first)).Read.Should().BeEmpty("its facts moved away");
        var (read, stored) = await LookupAsync(demo, second);
        read.OrderBy(f => f.Id).Should().BeEquivalentTo(stored, o => o.WithStrictOrdering());
        read.Select(f => f.Value).Should().BeEquivalentTo(["Asus", "Ada", "laptops"]);
    }

    [Fact]
    public async Task A_turn_answers_from_the_facts_it_learned_in_the_turns_before()
    {
        var chat = await StartAsync();
        foreach (var message in new[] { "I need a laptop under $900", "thanks!" })
        {
            var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
            response.EnsureSuccessStatusCode();
        }

        var (read, stored) = await LookupAsync(await TenantIdAsync(), chat);

        stored.Should().Contain(f => f.Kind == ProfileFactKinds.BudgetMax, "the first message's budget was learned");
        read.OrderBy(f => f.Id).Should().BeEquivalentTo(stored, o => o.WithStrictOrdering());
    }

    private static ProfileFact Fact(Guid session, string kind, string value, Guid? conversation) => new()
    {
        Id = Guid.CreateVersion7(), SessionId = session, Kind = kind, Value = value, Source = ProfileFactSources.Rules,
        ConversationId = conversation, CreatedAt = At, UpdatedAt = At.AddMinutes(3),
    };

    /// <summary>What a chat turn's lookup brings for the session, and what is stored for it, ordered by id.</summary>
    private async Task<(IReadOnlyList<ProfileFact> Read, List<ProfileFact> Stored)> LookupAsync(Guid tenantId, StartChatResponse chat)
    {
        await using var scope = Scope(tenantId, out var db);
        var sessions = scope.ServiceProvider.GetRequiredService<SessionManager>();
        var http = new DefaultHttpContext();
        http.Request.Headers[SessionManager.HeaderName] = chat.SessionToken;
        var agent = scope.ServiceProvider.GetRequiredService<AgentContext>().Name;
        var (session, _) = await sessions.RequireWithConversationAsync(http, chat.ConversationId, agent, CancellationToken.None, withHistory: true);
        var stored = await db.ProfileFacts.AsNoTracking().Where(f => f.SessionId == session.Id).OrderBy(f => f.Id).ToListAsync();
        var read = sessions.SessionFactsRead(session.Id)!;
        sessions.SessionFactsRead(Guid.CreateVersion7()).Should().BeNull("only the session's own facts were read");
        db.ChangeTracker.Entries<ProfileFact>().Should().BeEmpty("the facts are copies: nothing of them is saved again");
        return (read, stored);
    }

    private async Task<StartChatResponse> StartAsync() =>
        await (await fixture.Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();

    private AsyncServiceScope Scope(Guid tenantId, out SalesMateDbContext db)
    {
        var scope = fixture.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        return scope;
    }

    private async Task<Guid> TenantIdAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        return await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync();
    }
}

[Collection("sqlite")]
public sealed class SqliteSessionFactsReadTests(SqliteAppFixture fixture) : SessionFactsReadTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresSessionFactsReadTests(PostgresAppFixture fixture) : SessionFactsReadTests(fixture), IClassFixture<PostgresAppFixture>;
