using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Services.Intelligence;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Intelligence;

/// <summary>The app with a hosted model and the structured enrichment and escalation steps on (the other steps by the rules).</summary>
public abstract class EnrichEscalateFixture(DatabaseKind kind) : FakeModelFixture(kind)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["llm:structured_enrichment"] = "true",
        ["llm:structured_escalation"] = "true",
    };
}

public sealed class SqliteEnrichEscalateFixture() : EnrichEscalateFixture(DatabaseKind.Sqlite);

public sealed class PostgresEnrichEscalateFixture() : EnrichEscalateFixture(DatabaseKind.Postgres);

/// <summary>
/// A turn is an enrichment call (only when something is remembered), an escalation call and the streamed answer. The
/// model chooses among the remembered filters the rules offer and may add an offer of a person; a filter the rules did
/// not offer, or dropping the rules' offer of a person, is rejected, retried once, and then the rules decide.
/// </summary>
public abstract class StructuredEnrichEscalateTests(EnrichEscalateFixture fixture)
{
    private const string Tablets = "Here are three tablets.";

    private static readonly FakeToolCall SearchTablets = new("call_1", "search_products", """{"query":"tablet","category":"Tablets","max_price":400}""");

    private static FakeOpenAiReply Enrich(bool budget, bool location, params string[] categories) => FakeOpenAiReply.Text(new JsonObject
    {
        ["budget"] = budget,
        ["categories"] = new JsonArray([.. categories.Select(c => (JsonNode)JsonValue.Create(c))]),
        ["location"] = location,
    }.ToJsonString());

    private static FakeOpenAiReply Escalate(bool offer, string? reason) =>
        FakeOpenAiReply.Text(new JsonObject { ["offer"] = offer, ["reason"] = reason }.ToJsonString());

    private static string? SchemaName(FakeOpenAiRequest request) => request.Json["response_format"]?["json_schema"]?["name"]?.GetValue<string>();

    private static string Content(FakeOpenAiRequest request, int index) => request.Messages[index]!["content"]!.ToString();

    private static string? LastContent(FakeOpenAiRequest request) => request.ShopperMessage;

    private List<FakeOpenAiRequest> Since(int before) => fixture.Server.Requests.Skip(before).ToList();

    /// <summary>A signed-in shopper whose profile says "up to $1500", in a new conversation.</summary>
    private async Task<(StartChatResponse Chat, Func<string, Task<ChatMessageResponse>> Say)> ShopperWithBudgetAsync()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var shopper = await fixture.Factory.CreateAccountAsync(tenantId, $"budget-{Guid.NewGuid():N}@example.com", Roles.User);
        var put = await fixture.Client.SendAsync(TestAccounts.Request(HttpMethod.Put, "/api/v1/users/profile", shopper.Token,
            body: new { budget_max = 1500, currency = "USD" }));
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var chat = await CorrectedBudget.StartAsync(fixture.Client, shopper);
        return (chat, async message =>
        {
            var response = await fixture.Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = chat.ConversationId, message }, chat.SessionToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            return await response.ReadAsync<ChatMessageResponse>();
        });
    }

    [Fact]
    public async Task The_model_may_drop_a_remembered_budget_that_does_not_apply()
    {
        var (_, say) = await ShopperWithBudgetAsync();
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Enrich(false, false), Escalate(false, null), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text(Tablets));

        var answer = await say("show me tablets");

        answer.Escalation.Should().BeFalse();
        var requests = Since(before);
        requests.Select(SchemaName).Should().Equal("remembered_filters", "escalation_decision", null, null);
        Content(requests[0], 0).Should().Contain("Remembered budget: up to $1,500").And.Contain("Remembered location: none");
        Content(requests[0], 1).Should().Be("show me tablets");
        LastContent(requests[2]).Should().Be("show me tablets", "the model said the remembered budget does not apply");
    }

    [Fact]
    public async Task The_models_choice_to_keep_the_budget_writes_it_into_the_message()
    {
        var (_, say) = await ShopperWithBudgetAsync();
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Enrich(true, false), Escalate(false, null), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text(Tablets));

        await say("show me tablets");

        LastContent(Since(before)[2]).Should().Be("show me tablets (budget: under 1500)");
    }

    [Fact]
    public async Task Filters_the_rules_did_not_offer_are_rejected_retried_once_and_then_the_rules_enrich()
    {
        var (chat, say) = await ShopperWithBudgetAsync();
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Enrich(false, false, "Phones"), Enrich(false, true), Escalate(false, null),
            FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text(Tablets));

        await say("show me tablets");

        var requests = Since(before);
        requests.Select(SchemaName).Should().Equal("remembered_filters", "remembered_filters", "escalation_decision", null, null);
        Content(requests[1], 3).Should().Contain("categories must be []: no category is remembered");
        LastContent(requests[3]).Should().Be("show me tablets (budget: under 1500)", "the rules apply every remembered filter they offer");

        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var purposes = await fixture.Factory.InTenantAsync(tenantId, (_, db) =>
            db.LlmRequests.Where(r => r.ConversationId == chat.ConversationId).Select(r => r.Purpose).ToListAsync());
        purposes.Count(p => p == "enrich").Should().Be(2);
        purposes.Should().Contain("escalate").And.Contain("chat");
    }

    [Fact]
    public async Task The_model_may_offer_a_person_the_rules_would_not_and_the_offer_follows_the_answer()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Escalate(true, "repeated_failure"), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text(Tablets));

        var answer = await chat.SayAsync("show me tablets");

        answer.Escalation.Should().BeTrue();
        answer.Escalated.Should().BeTrue();
        answer.Answer.Should().Be(Tablets + "\n\n" + EscalationRules.OfferText);
        var requests = Since(before);
        requests.Select(SchemaName).Should().Equal(new[] { "escalation_decision", null, null }, "nothing is remembered: no enrichment call");
        Content(requests[0], 1).Should().Contain("Shopper: show me tablets").And.Contain("Intent: product_search");
    }

    [Fact]
    public async Task Removing_an_explicit_request_for_a_person_is_rejected_retried_once_and_the_request_is_honoured()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Escalate(false, null), Escalate(false, null));

        var answer = await chat.SayAsync("can I talk to a real person?");

        answer.Escalation.Should().BeTrue("the shopper asked for a person");
        var requests = Since(before);
        requests.Select(SchemaName).Should().Equal("escalation_decision", "escalation_decision");
        Content(requests[0], 0).Should().Contain("offer must be true");
        Content(requests[1], 3).Should().Contain("offer must be true: the store's rules offer a person this turn (request)");
    }
}

[Collection("sqlite")]
public sealed class SqliteStructuredEnrichEscalateTests(SqliteEnrichEscalateFixture fixture)
    : StructuredEnrichEscalateTests(fixture), IClassFixture<SqliteEnrichEscalateFixture>;

[Collection("postgres")]
public sealed class PostgresStructuredEnrichEscalateTests(PostgresEnrichEscalateFixture fixture)
    : StructuredEnrichEscalateTests(fixture), IClassFixture<PostgresEnrichEscalateFixture>;
