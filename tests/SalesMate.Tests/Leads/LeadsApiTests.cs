using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Core.Entities;
using SalesMate.Services.Summaries;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Leads;

/// <summary>Scripted conversations in the local mode, as the shopper, the salesperson and the sales inbox see them.</summary>
public abstract class LeadsApiTests(LeadsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<StartChatResponse> StartAsync(string? bearer = null, string? session = null)
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, "/api/v1/chat/start", bearer, session, new { }));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var chat = await response.ReadAsync<StartChatResponse>();
        return chat.SessionToken is null ? chat with { SessionToken = session } : chat;
    }

    private async Task<ChatMessageResponse> SayAsync(StartChatResponse chat, string message)
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ChatMessageResponse>();
    }

    private async Task<TestAccount> AccountAsync(string role) =>
        await fixture.Factory.CreateAccountAsync(fixture.TenantId, $"{role}-{Guid.NewGuid():N}@example.com", role);

    private async Task<T> GetAsync<T>(string url, TestAccount account)
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, url, account.Token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<T>();
    }

    private async Task<LeadDetailResponse> LeadOfAsync(string query, TestAccount sales)
    {
        var list = await GetAsync<LeadListResponse>($"/api/v1/leads?q={Uri.EscapeDataString(query)}", sales);
        var item = list.Leads.Should().ContainSingle().Subject;
        return await GetAsync<LeadDetailResponse>(item.Url, sales);
    }

    [Fact]
    public async Task A_buying_conversation_turns_the_lead_hot_and_sales_can_open_it_with_its_explanation_and_transcript()
    {
        var chat = await StartAsync();
        (await SayAsync(chat, "I need a laptop for video editing under $1500")).Products.Should().NotBeEmpty();
        await SayAsync(chat, "tell me more about the first one");
        await SayAsync(chat, "Looks great. Can I book a demo of it this week?");
        await SayAsync(chat, "My name is Jane Hotlead, email jane.hotlead@example.com, phone +1 415 555 0134");

        var sales = await AccountAsync(Roles.Sales);
        var hot = await GetAsync<LeadListResponse>("/api/v1/leads?temperature=hot", sales);
        var item = hot.Leads.Should().ContainSingle(l => l.Contact.Email == "jane.hotlead@example.com").Subject;
        item.Counters.DemosRequested.Should().Be(1);

        var lead = await GetAsync<LeadDetailResponse>(item.Url, sales);
        lead.Temperature.Should().Be("hot");
        lead.Contact.Should().Be(new LeadContact("Jane Hotlead", "jane.hotlead@example.com", "+1 415 555 0134"));
        lead.IntentScore.Should().BeGreaterThanOrEqualTo(7);
        lead.Explanation.Combined.Should().BeGreaterThanOrEqualTo(lead.Explanation.HotThreshold);
        lead.ProductsOfInterest.Should().Contain(p => p.Level == "requested");

        var transcript = await GetAsync<MessagesResponse>(lead.TranscriptUrl!, sales);
        var said = transcript.Messages.Where(m => m.Role == "user").ToList();
        said.Should().HaveCount(4);
        var demo = lead.Explanation.Signals.Should().ContainSingle(s => s.Signal == "demo_requested").Subject;
        demo.MessageIds.Should().Equal(said[2].Id);
        demo.IntentPoints.Should().BeGreaterThan(0);
        lead.Explanation.Signals.Should().Contain(s => s.Signal == "contact_email" && s.MessageIds.Single() == said[3].Id);
        lead.Explanation.Signals.Should().Contain(s => s.Signal == "budget_stated" && s.MessageIds.Single() == said[0].Id);

        // The temperature rose step by step, each change raised as an event naming the message behind it.
        var changes = lead.Events.Where(e => e.Kind == "temperature_changed").OrderBy(e => e.CreatedAt).ToList();
        changes.Last().TemperatureAfter.Should().Be("hot");
        changes.Last().MessageId.Should().Be(said[3].Id);
        changes.Last().Signals.Select(s => s.Name).Should().Contain("contact_email");
        var usage = await fixture.DbAsync(db => db.UsageEvents.Where(u => u.Action == "lead.temperature_changed" && u.ConversationId == chat.ConversationId)
            .ToListAsync());
        usage.Should().Contain(u => u.Metadata["temperature"] == "hot" && u.Metadata["lead_id"] == lead.Id.ToString());

        lead.LearnedFacts.Should().Contain(f => f.Kind == "email" && f.MessageId == said[3].Id);
    }

    [Fact]
    public async Task A_plain_user_gets_403_and_an_anonymous_caller_401()
    {
        var user = await AccountAsync(Roles.User);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/leads", user.Token))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, $"/api/v1/leads/{Guid.NewGuid()}", user.Token))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden);
        (await Client.GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var admin = await AccountAsync(Roles.TenantAdmin);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/leads?temperature=boiling", admin.Token))).StatusCode
            .Should().Be(HttpStatusCode.BadRequest);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, $"/api/v1/leads/{Guid.NewGuid()}", admin.Token))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_student_browsing_on_a_budget_stays_cold_and_declining_a_call_is_no_callback()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "Hi! My name is Sam Student. I'm a student and need a cheap laptop under $700");
        await SayAsync(chat, "not right now, please don't call me, I'm just browsing");

        var lead = await LeadOfAsync("Sam Student", await AccountAsync(Roles.Sales));
        lead.Temperature.Should().Be("cold");
        lead.Counters.CallbacksRequested.Should().Be(0);
        lead.Objections.Should().ContainSingle(o => o.Type == "timing");
        lead.LearnedFacts.Should().Contain(f => f.Kind == "fact" && f.Value == "I'm a student")
            .And.Contain(f => f.Kind == "budget_max" && f.Value == "700 USD");
    }

    [Fact]
    public async Task Learned_facts_are_shown_corrected_and_deleted_through_the_profile_and_used_in_the_next_answer()
    {
        var shopper = await AccountAsync(Roles.User);
        var chat = await StartAsync(shopper.Token);
        await SayAsync(chat, "I'm a photographer and I want a laptop, my budget is under $1000");

        var profile = await GetAsync<UserMeResponse>("/api/v1/users/profile", shopper);
        var facts = profile.LearnedFacts!;
        var budget = facts.Should().ContainSingle(f => f.Kind == "budget_max").Subject;
        budget.Value.Should().Be("1000 USD");
        budget.MessageId.Should().NotBeNull();
        budget.Source.Should().Be("rules");
        var photographer = facts.Should().ContainSingle(f => f.Kind == "fact").Subject;
        facts.Should().Contain(f => f.Kind == "category" && f.Value == "Laptops");

        // Correct the budget, drop the fact, add one of their own.
        var kept = facts.Where(f => f.Id != photographer.Id).Select(f => new { id = f.Id, kind = f.Kind, value = f.Id == budget.Id ? "700" : f.Value })
            .Cast<object>().Append(new { id = (Guid?)null, kind = "brand", value = "Dell" }).ToList();
        var put = await Client.SendAsync(TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", shopper.Token,
            body: new { categories = Array.Empty<string>(), learned_facts = kept }));
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var corrected = (await put.ReadAsync<UserMeResponse>()).LearnedFacts!;
        corrected.Should().ContainSingle(f => f.Kind == "budget_max").Which.Should().Match<LearnedFactResponse>(f => f.Value == "700 USD" && f.Source == "user");
        corrected.Should().NotContain(f => f.Id == photographer.Id).And.Contain(f => f.Kind == "brand" && f.Source == "user");

        var invalid = await Client.SendAsync(TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", shopper.Token,
            body: new { learned_facts = new[] { new { kind = "shoe_size", value = "42" } } }));
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Content.ReadAsStringAsync()).Should().Contain("learned_facts[0].kind");

        // A new conversation with nothing said about budget or category uses what they told (and corrected).
        var next = await StartAsync(shopper.Token, chat.SessionToken);
        var answer = await SayAsync(next, "show me some options");
        answer.Answer.Should().Contain("Going by what you told me before").And.Contain("$700");
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Category == "Laptops" && p.Price <= 700m);

        var brand = corrected.First(f => f.Kind == "brand");
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Delete, $"/api/v1/users/profile/facts/{brand.Id}", shopper.Token))).StatusCode
            .Should().Be(HttpStatusCode.NoContent);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Delete, $"/api/v1/users/profile/facts/{brand.Id}", shopper.Token))).StatusCode
            .Should().Be(HttpStatusCode.NotFound);
        (await GetAsync<UserMeResponse>("/api/v1/users/profile", shopper)).LearnedFacts.Should().NotContain(f => f.Kind == "brand");
    }

    [Fact]
    public async Task Streamed_answers_learn_a_changed_fact_and_keep_a_restated_one_once()
    {
        var shopper = await AccountAsync(Roles.User);
        var chat = await StartAsync(shopper.Token);
        await StreamAsync(chat, shopper, "My name is Sia Stream and my budget is under $900");
        // The store phase knows what the planning phase loaded: the name is known, the budget is not.
        await StreamAsync(chat, shopper, "My name is Sia Stream and my budget is under $600 now");
        await StreamAsync(chat, shopper, "My name is Sia Stream and my budget is under $600");

        var facts = (await GetAsync<UserMeResponse>("/api/v1/users/profile", shopper)).LearnedFacts!;
        facts.Should().ContainSingle(f => f.Kind == "name").Which.Value.Should().Be("Sia Stream");
        facts.Should().ContainSingle(f => f.Kind == "budget_max").Which.Value.Should().Be("600 USD");
        (await LeadOfAsync("Sia Stream", await AccountAsync(Roles.Sales))).Contact.Name.Should().Be("Sia Stream");
    }

    private async Task StreamAsync(StartChatResponse chat, TestAccount shopper, string message)
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, "/api/v1/streams", shopper.Token, chat.SessionToken,
            new { conversation_id = chat.ConversationId, message }));
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        var stream = await response.ReadAsync<CreateStreamResponse>();
        (await SseClient.EventsAsync(Client, stream.StreamId, chat.SessionToken!)).OfType("done").Should().ContainSingle();
    }

    [Fact]
    public async Task Signing_in_moves_what_an_anonymous_visitor_told_into_the_account_and_its_lead()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "My name is Mo Merge, mo.merge@example.com. Please call me back about headphones");
        var shopper = await AccountAsync(Roles.User);
        await StartAsync(shopper.Token, chat.SessionToken); // signing in on the same device

        var facts = (await GetAsync<UserMeResponse>("/api/v1/users/profile", shopper)).LearnedFacts!;
        facts.Should().Contain(f => f.Kind == "name" && f.Value == "Mo Merge").And.Contain(f => f.Kind == "email" && f.Value == "mo.merge@example.com");
        var lead = await LeadOfAsync("Mo Merge", await AccountAsync(Roles.Sales));
        lead.UserId.Should().Be(shopper.Id);
        lead.Counters.CallbacksRequested.Should().Be(1);
        lead.Conversations.Should().Contain(c => c.Id == chat.ConversationId);
    }

    [Fact]
    public async Task An_idle_conversation_is_summarised_and_emailed_to_sales_exactly_once_even_with_two_instances_racing()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "I want noise cancelling headphones under $400");
        await SayAsync(chat, "that's a bit steep. My name is Ida Idle, my number is 415 555 0199, please call me back");

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var first = ActivatorUtilities.CreateInstance<InactivitySummaryWorker>(scope.ServiceProvider);
        var second = ActivatorUtilities.CreateInstance<InactivitySummaryWorker>(scope.ServiceProvider);
        await Task.WhenAll(first.PurgeAsync(CancellationToken.None), second.PurgeAsync(CancellationToken.None));
        await first.PurgeAsync(CancellationToken.None);

        var mails = fixture.Outbox.To(LeadsAppFixture.SalesDesk).Where(m => m.Subject.Contains("Ida Idle")).ToList();
        mails.Should().ContainSingle();
        var summaries = await fixture.DbAsync(db => db.ConversationSummaries
            .Where(s => s.ConversationId == chat.ConversationId && s.Kind == ConversationSummaryKinds.Final).ToListAsync());
        var final = summaries.Should().ContainSingle().Subject;
        final.Details.Need.Should().Contain("Headphones");
        final.Details.Budget.Should().Be("up to $400");
        final.Details.Objections.Should().Contain("price");
        final.Details.Phone.Should().Be("415 555 0199");
        final.Details.NextStep.Should().Be("Call them back at 415 555 0199.");

        var sent = await fixture.DbAsync(db => db.EmailEvents.Where(e => e.Kind == "summary" && e.Subject.Contains("Ida Idle")).ToListAsync());
        var email = sent.Should().ContainSingle().Subject;
        email.ToEmail.Should().Be(LeadsAppFixture.SalesDesk);
        email.Status.Should().Be("sent");
        email.Body.Should().Contain("Need: Headphones").And.Contain("Budget: up to $400").And.Contain("Objections: price")
            .And.Contain("Phone: 415 555 0199").And.Contain("Next step: Call them back").And.Contain("Score: ");
        var raw = Directory.GetFiles(fixture.Outbox.Directory, "*.eml").Select(File.ReadAllText).Single(f => f.Contains("Ida Idle"));
        raw.Should().Contain("text/html");
        mails[0].Body.Should().MatchRegex(@"Lead: /api/v1/leads/[0-9a-f-]{36}", "without app.public_base_url the link stays the relative API path");

        var lead = await LeadOfAsync("Ida Idle", await AccountAsync(Roles.Sales));
        lead.Summary.Should().Be(final.Summary);
        lead.Conversations.Single(c => c.Id == chat.ConversationId).SummarizedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task Two_claims_of_one_idle_conversation_succeed_once()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "hello, any phones under $800?");
        var now = fixture.Clock.GetUtcNow().UtcDateTime.AddHours(2);
        var claims = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => fixture.Factory.InTenantAsync(fixture.TenantId, (services, _) =>
            services.GetRequiredService<FinalSummaries>().ClaimAsync(chat.ConversationId, now.AddMinutes(-30), now, CancellationToken.None))));
        claims.Count(won => won).Should().Be(1);
    }

    [Fact]
    public async Task Long_conversations_fold_older_turns_into_a_rolling_summary_built_from_the_tracked_state()
    {
        var chat = await StartAsync();
        var padding = string.Join(" ", Enumerable.Repeat("I really care about battery life and a good keyboard for long days of work.", 40));
        foreach (var message in new[] { $"I need a laptop under $1200. {padding}", $"something better please. {padding}", $"cheaper. {padding}", "compare the first two" })
        {
            await SayAsync(chat, message);
        }
        var rolling = await fixture.DbAsync(db => db.ConversationSummaries
            .Where(s => s.ConversationId == chat.ConversationId && s.Kind == ConversationSummaryKinds.Rolling).OrderBy(s => s.MessagesIncluded).ToListAsync());
        rolling.Should().NotBeEmpty();
        rolling[0].Summary.Should().Contain("Laptops").And.Contain("I need a laptop under $1200");
        rolling[0].Details.Source.Should().Be("rules");
        rolling[0].MessagesIncluded.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task An_escalation_marked_handled_leaves_the_waiting_list_with_a_lead_event_and_an_audit_entry()
    {
        var chat = await StartAsync();
        await SayAsync(chat, "Hi, I am Esme Scala, email esme.scala@example.com");
        await SayAsync(chat, "can I talk to a real person?");
        var calm = await StartAsync();
        await SayAsync(calm, "show me headphones");

        var sales = await AccountAsync(Roles.Sales);
        var waiting = await GetAsync<EscalationListResponse>("/api/v1/leads/escalations", sales);
        waiting.Escalations.Should().Contain(e => e.ConversationId == chat.ConversationId && e.HandledAt == null);
        waiting.Escalations.Should().NotContain(e => e.ConversationId == calm.ConversationId);

        var handled = await PostAsync<EscalationResponse>($"/api/v1/leads/escalations/{chat.ConversationId}/handled", sales);
        handled.HandledAt.Should().NotBeNull();
        handled.HandledBy.Should().Be(sales.Email);
        (await GetAsync<EscalationListResponse>("/api/v1/leads/escalations", sales)).Escalations
            .Should().NotContain(e => e.ConversationId == chat.ConversationId);
        (await PostAsync<EscalationResponse>($"/api/v1/leads/escalations/{chat.ConversationId}/handled", sales)).HandledAt
            .Should().Be(handled.HandledAt, "marking it again changes nothing");

        var lead = await LeadOfAsync("esme.scala@example.com", sales);
        lead.Events.Where(e => e.Kind == LeadEventKinds.EscalationHandled).Should().ContainSingle()
            .Which.ConversationId.Should().Be(chat.ConversationId);
        var audit = await fixture.DbAsync(db => db.AuditLogs.Where(a => a.Action == "escalation.handle" && a.TargetId == chat.ConversationId.ToString()).ToListAsync());
        audit.Should().ContainSingle().Which.ActorUserId.Should().Be(sales.Id);

        await SayAsync(chat, "I want to speak with a salesperson");
        (await GetAsync<EscalationListResponse>("/api/v1/leads/escalations", sales)).Escalations
            .Should().Contain(e => e.ConversationId == chat.ConversationId, "a new request for a person waits again");

        var never = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, $"/api/v1/leads/escalations/{calm.ConversationId}/handled", sales.Token));
        never.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var unknown = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, $"/api/v1/leads/escalations/{Guid.NewGuid()}/handled", sales.Token));
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var shopper = await AccountAsync(Roles.User);
        var forbidden = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, $"/api/v1/leads/escalations/{chat.ConversationId}/handled", shopper.Token));
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<T> PostAsync<T>(string url, TestAccount account)
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Post, url, account.Token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<T>();
    }
}

[Collection("sqlite")]
public sealed class SqliteLeadsApiTests(SqliteLeadsAppFixture fixture) : LeadsApiTests(fixture), IClassFixture<SqliteLeadsAppFixture>;

[Collection("postgres")]
public sealed class PostgresLeadsApiTests(PostgresLeadsAppFixture fixture) : LeadsApiTests(fixture), IClassFixture<PostgresLeadsAppFixture>;
