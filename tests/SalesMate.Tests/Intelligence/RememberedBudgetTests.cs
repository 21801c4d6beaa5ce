using System.Net;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Intelligence;

/// <summary>
/// A signed-in shopper whose profile form says "up to $1500" tells the assistant "under $1000", then corrects the
/// learned budget to 600 on their profile page (PUT /api/v1/users/profile): the next answer goes by 600.
/// </summary>
internal static class CorrectedBudget
{
    public static async Task<(TestAccount Shopper, string SessionToken)> LearnAndCorrectAsync(SalesMateFactory factory, HttpClient client,
        Func<Task>? beforeFirstMessage = null)
    {
        var tenantId = await factory.TenantIdAsync("demo");
        var shopper = await factory.CreateAccountAsync(tenantId, $"saver-{Guid.NewGuid():N}@example.com", Roles.User);
        (await PutProfileAsync(client, shopper, null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var chat = await StartAsync(client, shopper);
        if (beforeFirstMessage is not null)
        {
            await beforeFirstMessage();
        }
        (await client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = chat.ConversationId, message = "I want a laptop, my budget is under $1000" }, chat.SessionToken))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var profile = await (await client.SendAsync(TestAccounts.Request(HttpMethod.Get, "/api/v1/users/profile", shopper.Token)))
            .ReadAsync<UserMeResponse>();
        var facts = profile.LearnedFacts!;
        facts.Should().Contain(f => f.Kind == "budget_max" && f.Value == "1000 USD");
        var corrected = facts.Select(f => new { id = (Guid?)f.Id, kind = f.Kind, value = f.Kind == "budget_max" ? "600" : f.Value }).ToList();
        var put = await PutProfileAsync(client, shopper, corrected);
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return (shopper, chat.SessionToken!);
    }

    public static async Task<StartChatResponse> StartAsync(HttpClient client, TestAccount shopper, string? session = null)
    {
        var response = await client.SendAsync(TestAccounts.Request(HttpMethod.Post, "/api/v1/chat/start", shopper.Token, session, new { }));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var chat = await response.ReadAsync<StartChatResponse>();
        return chat.SessionToken is null ? chat with { SessionToken = session } : chat;
    }

    /// <summary>The form keeps saying 1500 in every save, so only the learned correction can make the answer say 600.</summary>
    private static Task<HttpResponseMessage> PutProfileAsync(HttpClient client, TestAccount shopper, object? learnedFacts) =>
        client.SendAsync(TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", shopper.Token,
            body: new { budget_max = 1500, currency = "USD", learned_facts = learnedFacts }));
}

public abstract class LocalRememberedBudgetTests(AppFixture fixture)
{
    [Fact]
    public async Task A_budget_corrected_on_the_profile_is_what_the_next_local_answer_uses()
    {
        var (shopper, session) = await CorrectedBudget.LearnAndCorrectAsync(fixture.Factory, fixture.Client);

        var next = await CorrectedBudget.StartAsync(fixture.Client, shopper, session);
        var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = next.ConversationId, message = "show me laptops" },
            next.SessionToken);
        var answer = await response.ReadAsync<ChatMessageResponse>();

        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price <= 600m, "the corrected learned budget, not the form's 1500");
        answer.Answer.Should().Contain("Going by what you told me before (budget up to $600");
    }

    [Fact]
    public async Task A_budget_changed_in_the_profile_form_replaces_the_one_learned_in_chat()
    {
        var client = fixture.Client;
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var shopper = await fixture.Factory.CreateAccountAsync(tenantId, $"form-{Guid.NewGuid():N}@example.com", Roles.User);
        var chat = await CorrectedBudget.StartAsync(client, shopper);
        (await client.PostJsonAsync("/api/v1/chat/message",
            new { conversation_id = chat.ConversationId, message = "I want a laptop, my budget is under $1000" }, chat.SessionToken))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var put = await client.SendAsync(TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", shopper.Token,
            body: new { budget_max = 700, currency = "USD" }));
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        (await put.ReadAsync<UserMeResponse>()).LearnedFacts.Should().NotContain(f => f.Kind == "budget_max", "the form's budget replaced it");

        var next = await CorrectedBudget.StartAsync(client, shopper, chat.SessionToken);
        var answer = await (await client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = next.ConversationId, message = "show me laptops" },
            next.SessionToken)).ReadAsync<ChatMessageResponse>();
        answer.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price <= 700m, "the budget just saved in the form, not the learned 1000");
    }
}

[Collection("sqlite")]
public sealed class SqliteLocalRememberedBudgetTests(SqliteAppFixture fixture)
    : LocalRememberedBudgetTests(fixture), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresLocalRememberedBudgetTests(PostgresAppFixture fixture)
    : LocalRememberedBudgetTests(fixture), IClassFixture<PostgresAppFixture>;

public sealed class SqliteModelFixture() : FakeModelFixture(DatabaseKind.Sqlite);

public sealed class PostgresModelFixture() : FakeModelFixture(DatabaseKind.Postgres);

public abstract class LlmRememberedBudgetTests(FakeModelFixture fixture)
{
    [Fact]
    public async Task A_budget_corrected_on_the_profile_is_what_the_next_model_answer_is_asked_with()
    {
        var (shopper, session) = await CorrectedBudget.LearnAndCorrectAsync(fixture.Factory, fixture.Client,
            () => { fixture.Server.Enqueue(FakeOpenAiReply.Text("Noted: a laptop under $1000.")); return Task.CompletedTask; });

        var next = await CorrectedBudget.StartAsync(fixture.Client, shopper, session);
        fixture.Server.Enqueue(FakeOpenAiReply.Text("Here are laptops up to $600."));
        var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = next.ConversationId, message = "show me laptops" },
            next.SessionToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var request = fixture.Server.Requests[^1];
        request.ShopperMessage.Should().Be("show me laptops (budget: under 600)");
        request.Messages[0]!["content"]!.ToString().Should().Contain("budget up to $600").And.NotContain("1,500").And.NotContain("1500");
    }
}

[Collection("sqlite")]
public sealed class SqliteLlmRememberedBudgetTests(SqliteModelFixture fixture)
    : LlmRememberedBudgetTests(fixture), IClassFixture<SqliteModelFixture>;

[Collection("postgres")]
public sealed class PostgresLlmRememberedBudgetTests(PostgresModelFixture fixture)
    : LlmRememberedBudgetTests(fixture), IClassFixture<PostgresModelFixture>;
