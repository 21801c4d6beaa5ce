using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>
/// One shopper chatting in several conversations at once (tabs, or the widget on several pages) has one lead, and every
/// turn's signals reach it: turns that save over each other's lead are scored again on the stored one (migration 0028).
/// Before, concurrent first turns failed with 409 and lost their answers, and later ones lost each other's signals.
/// </summary>
public abstract class LeadConcurrencyTests(LeadsAppFixture fixture)
{
    private const int Conversations = 6;

    [Fact]
    public async Task Concurrent_turns_of_one_shopper_are_all_answered_and_all_counted_on_one_lead()
    {
        var client = fixture.Client;
        var first = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var token = first.SessionToken!;
        var chats = new List<Guid> { first.ConversationId };
        while (chats.Count < Conversations)
        {
            chats.Add((await (await client.PostJsonAsync("/api/v1/chat/start", new { }, token)).ReadAsync<StartChatResponse>()).ConversationId);
        }

        const int rounds = 3;
        for (var round = 0; round < rounds; round++)
        {
            // The first round creates the lead: every turn finds none and adds one.
            var responses = await Task.WhenAll(chats.Select(c =>
                client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = c, message = "hello there" }, token)));
            foreach (var response in responses)
            {
                response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            }
        }

        var sessionId = await fixture.DbAsync(db => db.Conversations.Where(c => c.Id == first.ConversationId).Select(c => c.SessionId).SingleAsync());
        var lead = await fixture.DbAsync(db => db.Leads.AsNoTracking().SingleAsync(l => l.SessionId == sessionId));
        lead.SignalCounts.Single(c => c.Name == "message").Count.Should().Be(Conversations * rounds, "every turn's message signal is counted");
        var occurrences = await fixture.DbAsync(db => db.LeadSignals.Where(s => s.LeadId == lead.Id).OrderBy(s => s.Position).ToListAsync());
        occurrences.Select(s => s.Position).Should().Equal(Enumerable.Range(0, lead.SignalCounts.Sum(c => c.Count)), "each occurrence has its own place");
        occurrences.Count(s => s.Name == "message").Should().Be(Conversations * rounds);
        var asked = await fixture.DbAsync(db => db.Messages.Where(m => chats.Contains(m.ConversationId) && m.Role == "user").Select(m => m.Id).ToListAsync());
        occurrences.Where(s => s.Name == "message").Select(s => s.MessageId!.Value).Should().BeEquivalentTo(asked, "each signal names its own turn");
        var answers = await fixture.DbAsync(db => db.Messages.CountAsync(m => chats.Contains(m.ConversationId) && m.Role == "assistant"));
        answers.Should().Be(Conversations * (rounds + 1), "a greeting and an answer to each turn");
    }
}

[Collection("sqlite")]
public sealed class SqliteLeadConcurrencyTests(SqliteLeadsAppFixture fixture) : LeadConcurrencyTests(fixture), IClassFixture<SqliteLeadsAppFixture>;

[Collection("postgres")]
public sealed class PostgresLeadConcurrencyTests(PostgresLeadsAppFixture fixture) : LeadConcurrencyTests(fixture), IClassFixture<PostgresLeadsAppFixture>;
