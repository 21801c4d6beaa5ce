using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Intelligence;

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

/// <summary>
/// On PostgreSQL a turn reads the shopper's lead with its session, before the model answers (ADR 0018a). Another turn of
/// the same shopper that finishes meanwhile rescores the lead first; the slow turn is then scored again on the stored
/// lead, and both turns count.
/// </summary>
public abstract class LeadReadBeforeTheAnswerTests(FakeModelFixture fixture)
{
    [Fact]
    public async Task A_turn_answered_while_another_turn_of_the_shopper_rescored_the_lead_keeps_both_turns_signals()
    {
        var client = fixture.Client;
        var slowChat = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        var token = slowChat.SessionToken!;
        var quickChat = await (await client.PostJsonAsync("/api/v1/chat/start", new { }, token)).ReadAsync<StartChatResponse>();
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Hello! What are you looking for?"));
        (await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = slowChat.ConversationId, message = "hi" }, token))
            .StatusCode.Should().Be(HttpStatusCode.OK, "the first turn creates the lead");

        var calls = fixture.Server.Requests.Count;
        var quickTurnDone = new TaskCompletionSource();
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Let me look that up.").WithFirstChunkAfter(quickTurnDone.Task));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/chat/{slowChat.ConversationId}/stream")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { message = "do you have headphones?" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", token);
        var slow = SseClient.ReadAsync(client, request);
        await fixture.Server.WaitForRequestsAsync(calls + 1); // the slow turn has read the lead and waits for the model

        fixture.Server.Enqueue(FakeOpenAiReply.Text("Yes, we deliver."));
        (await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = quickChat.ConversationId, message = "do you deliver?" }, token))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        quickTurnDone.SetResult();
        (await slow).Items[^1].EventType.Should().Be("done", "the slow turn's answer is stored");

        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var (lead, asked) = await fixture.Factory.InTenantAsync(tenantId, async (_, db) =>
        {
            var sessionId = await db.Conversations.Where(c => c.Id == slowChat.ConversationId).Select(c => c.SessionId).SingleAsync();
            var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.SessionId == sessionId);
            var asked = await db.Messages.Where(m => (m.ConversationId == slowChat.ConversationId || m.ConversationId == quickChat.ConversationId)
                && m.Role == MessageRole.User).Select(m => m.Id).ToListAsync();
            return (lead, asked);
        });
        asked.Should().HaveCount(3);
        lead.SignalCounts.Single(c => c.Name == "message").Count.Should().Be(3, "the quick turn's signals were not overwritten by the slow one");
        lead.LastConversationId.Should().Be(slowChat.ConversationId, "the slow turn saved last");
        var messageSignals = await fixture.Factory.InTenantAsync(tenantId, (_, db) =>
            db.LeadSignals.Where(s => s.LeadId == lead.Id && s.Name == "message").Select(s => s.MessageId!.Value).ToListAsync());
        messageSignals.Should().BeEquivalentTo(asked);
    }
}

public sealed class SqliteLeadReadBeforeTheAnswerTests(SqliteModelFixture fixture) : LeadReadBeforeTheAnswerTests(fixture), IClassFixture<SqliteModelFixture>;

[Collection("postgres")]
public sealed class PostgresLeadReadBeforeTheAnswerTests(PostgresModelFixture fixture) : LeadReadBeforeTheAnswerTests(fixture), IClassFixture<PostgresModelFixture>;

/// <summary>
/// A final summary is written by the model while the shopper comes back and a turn rescores the lead: the summary still
/// reaches the lead, on top of the turn's signals (FinalSummaries writes onto the stored lead after a version conflict).
/// A class of its own, so its conversation is the only idle one.
/// </summary>
public abstract class FinalSummaryDuringATurnTests(FakeModelFixture fixture)
{
    [Fact]
    public async Task A_summary_written_while_a_turn_rescored_the_lead_lands_on_the_stored_lead()
    {
        var client = fixture.Client;
        var chat = await (await client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Hello! What are you looking for?"));
        (await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "hi" }, chat.SessionToken))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var calls = fixture.Server.Requests.Count;
        const string summary = "The shopper said hello and came back asking about headphones.";
        var turnDone = new TaskCompletionSource();
        fixture.Server.Enqueue(FakeOpenAiReply.Text(summary).WithFirstChunkAfter(turnDone.Task));
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var summarizing = fixture.Factory.InTenantAsync(tenantId, (services, _) =>
            services.GetRequiredService<SalesMate.Services.Summaries.FinalSummaries>().SummarizeIdleAsync(DateTime.UtcNow.AddHours(2), CancellationToken.None));
        await fixture.Server.WaitForRequestsAsync(calls + 1); // the summary has read the lead and waits for the model

        fixture.Server.Enqueue(FakeOpenAiReply.Text("We have the QuietWave 700."));
        (await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "any headphones?" }, chat.SessionToken))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        turnDone.SetResult();
        (await summarizing).Should().Be(1);

        var lead = await fixture.Factory.InTenantAsync(tenantId, async (_, db) =>
        {
            var sessionId = await db.Conversations.Where(c => c.Id == chat.ConversationId).Select(c => c.SessionId).SingleAsync();
            return await db.Leads.AsNoTracking().SingleAsync(l => l.SessionId == sessionId);
        });
        lead.Summary.Should().Be(summary, "the summary is written onto the lead as the turn left it");
        lead.SignalCounts.Single(c => c.Name == "message").Count.Should().Be(2, "the turn's signals stay");
    }
}

public sealed class SqliteFinalSummaryDuringATurnTests(SqliteModelFixture fixture) : FinalSummaryDuringATurnTests(fixture), IClassFixture<SqliteModelFixture>;

[Collection("postgres")]
public sealed class PostgresFinalSummaryDuringATurnTests(PostgresModelFixture fixture) : FinalSummaryDuringATurnTests(fixture), IClassFixture<PostgresModelFixture>;
