using System.Net;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>
/// A lead's signal history lives in rows of its own and the lead keeps only per-signal counts (migration 0025): what
/// sales sees after a long history is what the full list on the lead gave, and the conversation row knows its latest
/// rolling summary however that summary is written.
/// </summary>
public abstract class LeadHistoryTests(LeadsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<StartChatResponse> StartAsync()
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, "/api/v1/chat/start", null, null, new { }));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<StartChatResponse>();
    }

    private async Task SayAsync(StartChatResponse chat, string message)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<T> GetAsync<T>(string url, TestAccount account)
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, url, account.Token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<T>();
    }

    [Fact]
    public async Task After_more_turns_than_a_lead_keeps_the_first_fifty_occurrences_explain_and_score_it()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "Hi, I am Lona Longtalk, email lona.longtalk@example.com");
        for (var i = 0; i < 52; i++)
        {
            await SayAsync(chat, i % 2 == 0 ? "hello again" : "just chatting, thanks");
        }

        var sales = await fixture.Factory.CreateAccountAsync(fixture.TenantId, $"sales-{Guid.NewGuid():N}@example.com", Roles.Sales);
        var list = await GetAsync<LeadListResponse>("/api/v1/leads?q=lona.longtalk", sales);
        var lead = await GetAsync<LeadDetailResponse>(list.Leads.Should().ContainSingle().Subject.Url, sales);
        var message = lead.Explanation.Signals.Should().ContainSingle(s => s.Signal == "message").Subject;
        message.Count.Should().Be(50, "a lead keeps up to 50 occurrences of a signal");
        message.Counted.Should().Be(15);
        message.EngagementPoints.Should().Be(6);
        var transcript = await GetAsync<MessagesResponse>(lead.TranscriptUrl!, sales);
        var asked = transcript.Messages.Where(m => m.Role == "user").Select(m => m.Id).ToList();
        asked.Should().HaveCount(53);
        message.MessageIds.Should().Equal(asked.Take(50), "the first fifty messages, in order");
        lead.Explanation.Signals.Should().Contain(s => s.Signal == "contact_email" && s.MessageIds.Single() == asked[0]);

        lead.EngagementScore.Should().Be(Math.Round(Math.Clamp(lead.Explanation.Signals.Sum(s => s.EngagementPoints), 0, 10), 1));
        lead.IntentScore.Should().Be(Math.Round(Math.Clamp(lead.Explanation.Signals.Sum(s => s.IntentPoints), 0, 10), 1));
        var stored = await fixture.DbAsync(db => db.LeadSignals.CountAsync(s => s.LeadId == lead.Id));
        stored.Should().Be(lead.Explanation.Signals.Sum(s => s.Count));
        var counts = await fixture.DbAsync(db => db.Leads.Where(l => l.Id == lead.Id).Select(l => l.SignalCounts).SingleAsync());
        counts.Select(c => (c.Name, c.Count)).Should().BeEquivalentTo(lead.Explanation.Signals.Select(s => (s.Signal, s.Count)));
    }

    [Fact]
    public async Task The_conversation_row_follows_its_rolling_summaries_however_they_are_written()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "I need a laptop under $1200");
        await SayAsync(chat, "something lighter");
        Task<int> ThroughAsync() => fixture.DbAsync(db => db.Conversations.Where(c => c.Id == chat.ConversationId).Select(c => c.RollingSummaryThrough).SingleAsync());
        (await ThroughAsync()).Should().Be(0);

        var written = await fixture.DbAsync(async db =>
        {
            var summary = new ConversationSummary
            {
                Id = Guid.NewGuid(), ConversationId = chat.ConversationId, Summary = "Wants a laptop under $1200", MessagesIncluded = 2,
                Kind = ConversationSummaryKinds.Rolling, CreatedAt = DateTime.UtcNow,
            };
            db.ConversationSummaries.Add(summary);
            await db.SaveChangesAsync();
            return summary.Id;
        });
        (await ThroughAsync()).Should().Be(2);
        await SayAsync(chat, "cheaper");
        (await ThroughAsync()).Should().Be(2, "a turn never overwrites it");

        await fixture.DbAsync(db => db.ConversationSummaries.Where(s => s.Id == written).ExecuteDeleteAsync());
        (await ThroughAsync()).Should().Be(0);
    }
}

[Collection("sqlite")]
public sealed class SqliteLeadHistoryTests(SqliteLeadsAppFixture fixture) : LeadHistoryTests(fixture), IClassFixture<SqliteLeadsAppFixture>;

[Collection("postgres")]
public sealed class PostgresLeadHistoryTests(PostgresLeadsAppFixture fixture) : LeadHistoryTests(fixture), IClassFixture<PostgresLeadsAppFixture>;
