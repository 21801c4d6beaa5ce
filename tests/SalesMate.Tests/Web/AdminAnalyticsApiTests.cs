using System.Net;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Repositories;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Web;

/// <summary>GET /api/v1/admin/analytics (the analytics charts' data) over real HTTP on SQLite and PostgreSQL.</summary>
public abstract class AdminAnalyticsApiTests(AppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task An_admin_sees_todays_conversations_intents_sentiment_and_answer_times_and_nobody_else_does()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var before = await GetAsync(admin.Token);

        var chat = await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        (await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "noise cancelling headphones under $300" },
            chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        var after = await GetAsync(admin.Token);
        after.ConversationsPerDay.Should().HaveCount(30, "every day of the period is listed");
        after.ConversationsPerDay[^1].Count.Should().BeGreaterThanOrEqualTo(before.ConversationsPerDay[^1].Count + 1);
        after.MessagesPerDay[^1].Count.Should().BeGreaterThanOrEqualTo(before.MessagesPerDay[^1].Count + 2, "the question and its answer");
        after.Intents.Sum(i => i.Count).Should().BeGreaterThan(before.Intents.Sum(i => i.Count));
        after.Latency.Answers.Should().BeGreaterThan(before.Latency.Answers);
        after.Latency.P95Ms.Should().BeGreaterThanOrEqualTo(after.Latency.P50Ms!.Value);
        after.LeadsByTemperature.Select(l => l.Label).Should().Equal(LeadTemperatures.All);

        var sales = await fixture.Factory.CreateAccountAsync(tenantId, $"sales-{Guid.NewGuid():N}@example.com", Roles.Sales);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/admin/analytics", sales.Token))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Client.GetAsync("/api/v1/admin/analytics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/admin/analytics?days=0", admin.Token))).StatusCode
            .Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_charts_count_shopper_questions_only_not_the_opening_welcome_or_a_trainers_role_play()
    {
        var admin = await fixture.Factory.CreateAccountAsync(await fixture.Factory.TenantIdAsync("demo"), $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);
        var before = await GetAsync(admin.Token);

        var chat = await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        (await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message = "noise cancelling headphones under $300" },
            chat.SessionToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        var training = await (await Client.PostJsonAsync("/api/v1/training/start", new { mode = "roleplay", persona = "skeptical" }))
            .ReadAsync<SalesMate.Api.Routes.StartTrainingResponse>();
        (await Client.PostJsonAsync("/a/trainer/api/v1/chat/message", new { conversation_id = training.ConversationId, message = "It is backed by an insurer." },
            training.SessionToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        var after = await GetAsync(admin.Token);
        (after.ConversationsPerDay[^1].Count - before.ConversationsPerDay[^1].Count).Should().Be(1, "one shopper chatted");
        (after.MessagesPerDay[^1].Count - before.MessagesPerDay[^1].Count).Should().Be(3, "the welcome, the question and its answer");
        Counts(after.Intents).Should().BeEquivalentTo(Counts(before.Intents).Append(new LabelCount("product_search", 1))
            .GroupBy(l => l.Label).Select(g => new LabelCount(g.Key, g.Sum(l => l.Count))));
        after.Intents.Should().NotContain(i => i.Label == "greeting" || i.Label == "roleplay");
        (after.Latency.Answers - before.Latency.Answers).Should().Be(1);
    }

    private static IEnumerable<LabelCount> Counts(IEnumerable<LabelCount> labels) => labels.Where(l => l.Count > 0);

    private async Task<ConversationAnalytics> GetAsync(string token)
    {
        var response = await Client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/admin/analytics", token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<ConversationAnalytics>();
    }
}

[Collection("sqlite")]
public sealed class SqliteAdminAnalyticsApiTests(SqliteAppFixture fixture) : AdminAnalyticsApiTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresAdminAnalyticsApiTests(PostgresAppFixture fixture) : AdminAnalyticsApiTests(fixture), IClassFixture<PostgresAppFixture>;
