using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SalesMate.Services.Intelligence;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Intelligence;

/// <summary>The app with a hosted model and the structured coaching and preprocessing steps on (classification by the rules).</summary>
public abstract class StructuredStepsFixture(DatabaseKind kind) : FakeModelFixture(kind)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["llm:structured_coaching"] = "true",
        ["llm:structured_preprocessing"] = "true",
    };
}

public sealed class SqliteStructuredStepsFixture() : StructuredStepsFixture(DatabaseKind.Sqlite);

public sealed class PostgresStructuredStepsFixture() : StructuredStepsFixture(DatabaseKind.Postgres);

/// <summary>
/// Each turn is a spelling call, the streamed answer (a tool call, then text) and a coaching call. The model's choices
/// are used when valid; an invalid answer is retried once, then the rules decide; the model can neither invent urgency
/// nor a catalog entity.
/// </summary>
public abstract class StructuredStepsTests(StructuredStepsFixture fixture)
{
    /// <summary>Tablets under 400 in the demo catalog are all well stocked: no urgency line is due.</summary>
    private static readonly FakeToolCall SearchTablets = new("call_1", "search_products", """{"query":"tablet","category":"Tablets","max_price":400}""");

    private static FakeOpenAiReply Spelling(params (string Written, string Catalog)[] corrections) => FakeOpenAiReply.Text(new JsonObject
    {
        ["corrections"] = new JsonArray([.. corrections.Select(c => (JsonNode)new JsonObject { ["written"] = c.Written, ["catalog"] = c.Catalog })]),
    }.ToJsonString());

    private static FakeOpenAiReply Coach(string stage, double engagement, string? nudge) => FakeOpenAiReply.Text(new JsonObject
    {
        ["stage"] = stage,
        ["engagement"] = engagement,
        ["nudge"] = nudge,
    }.ToJsonString());

    private static string? SchemaName(FakeOpenAiRequest request) => request.Json["response_format"]?["json_schema"]?["name"]?.GetValue<string>();

    private static string Content(FakeOpenAiRequest request, int index) => request.Messages[index]!["content"]!.ToString();

    private List<FakeOpenAiRequest> Since(int before) => fixture.Server.Requests.Skip(before).ToList();

    [Fact]
    public async Task The_models_coaching_choice_is_used_when_it_is_valid_even_to_skip_the_budget_question()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Spelling(), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text("Here are three tablets."),
            Coach("consideration", 6.5, null));

        var answer = await chat.SayAsync("show me tablets");

        answer.Products.Should().NotBeEmpty();
        answer.Answer.Should().Be("Here are three tablets.", "the rules would have asked the budget; the model chose no nudge");
        answer.Stage.Should().Be("consideration");
        answer.Engagement.Should().Be(6.5);
        var requests = Since(before);
        requests.Select(SchemaName).Should().Equal("catalog_spellings", null, null, "coaching_decision");
        Content(requests[3], 0).Should().Contain("- budget_question:").And.NotContain("- visit:").And.Contain("Never add urgency");
        Content(requests[3], 1).Should().Contain("Shopper: show me tablets").And.Contain("Answer: Here are three tablets.");
    }

    [Fact]
    public async Task The_model_may_give_a_nudge_the_rules_allow_and_the_text_is_the_rules()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Spelling(), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text("Here are three tablets."),
            Coach("awareness", 3, "budget_question"));

        var answer = await chat.SayAsync("show me tablets");

        answer.Answer.Should().Be("Here are three tablets.\n\n" + ConversationDirector.BudgetQuestion);
        answer.Engagement.Should().Be(3);
    }

    [Fact]
    public async Task Invented_urgency_is_rejected_retried_once_and_then_the_rules_coach()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Spelling(), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text("Here are three tablets."),
            Coach("decision", 9, "urgency"), Coach("decision", 9, "limited_time_offer"));

        var answer = await chat.SayAsync("show me tablets");

        answer.Answer.Should().Be("Here are three tablets.\n\n" + ConversationDirector.BudgetQuestion, "the rules' nudge; no urgency without low stock");
        answer.Answer.Should().NotContain("left").And.NotContain("hurry");
        answer.Stage.Should().Be("awareness", "the rules' stage, not the rejected answer's");
        var coaching = Since(before).Where(r => SchemaName(r) == "coaching_decision").ToList();
        coaching.Should().HaveCount(2);
        coaching[1].Roles.Should().Equal("system", "user", "assistant", "user");
        Content(coaching[1], 3).Should().Contain("nudge must be null or one of the nudges allowed now: budget_question");

        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var purposes = await fixture.Factory.InTenantAsync(tenantId, (_, db) =>
            db.LlmRequests.Where(r => r.ConversationId == chat.Chat.ConversationId).Select(r => r.Purpose).ToListAsync());
        purposes.Should().Contain("preprocess").And.Contain("chat");
        purposes.Count(p => p == "coach").Should().Be(2);
    }

    [Fact]
    public async Task An_invalid_coaching_answer_is_retried_and_a_valid_second_one_is_used()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Spelling(), FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text("Here are three tablets."),
            FakeOpenAiReply.Text("Sure! The shopper seems keen."), Coach("consideration", 7, null));

        var answer = await chat.SayAsync("show me tablets");

        answer.Stage.Should().Be("consideration");
        answer.Engagement.Should().Be(7);
        answer.Answer.Should().Be("Here are three tablets.");
    }

    [Fact]
    public async Task Stock_based_urgency_stays_with_the_data_whatever_the_model_chooses()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Spelling(),
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"Sony WH-1000XM6","category":"Headphones"}""")),
            FakeOpenAiReply.Text("The Sony WH-1000XM6 is excellent."), Coach("consideration", 5, null));

        var answer = await chat.SayAsync("tell me about noise cancelling headphones");

        answer.Products.Should().Contain(p => p.Name == "Sony WH-1000XM6", "the demo catalog holds 2 of them");
        answer.Answer.Should().Contain("Only 2 left of the Sony WH-1000XM6.");
    }

    [Fact]
    public async Task The_models_spellings_reach_the_answer_and_entities_the_catalog_lacks_are_dropped()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Spelling(("aple", "Apple"), ("tablets", "Tablet Galaxy 9000"), ("ipod", "Apple")),
            FakeOpenAiReply.Tools(SearchTablets), FakeOpenAiReply.Text("Here are the Apple tablets."), Coach("awareness", 2, null));

        await chat.SayAsync("show me aple tablets");

        var requests = Since(before);
        Content(requests[0], 0).Should().Contain("\"Apple\"", "the catalog's entities are listed for the model");
        Content(requests[0], 1).Should().Be("show me aple tablets");
        requests.Should().HaveCount(4, "unknown entities are dropped, not retried");
        requests[1].ShopperMessage.Should().Be("show me Apple tablets");
        (await chat.MessagesAsync()).Should().Contain(m => m.Content == "show me aple tablets", "the stored message stays as typed");
    }

    [Fact]
    public async Task Two_invalid_spelling_answers_leave_the_rules_normalisation()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(FakeOpenAiReply.Text("MacBook"), FakeOpenAiReply.Text("""{"corrections":"MacBook"}"""),
            FakeOpenAiReply.Text("Here are Samsung phones."), Coach("awareness", 2, null));

        await chat.SayAsync("samsng phones");

        var requests = Since(before);
        requests.Take(2).Select(SchemaName).Should().Equal("catalog_spellings", "catalog_spellings");
        Content(requests[1], 3).Should().Contain("not valid JSON");
        requests[2].ShopperMessage.Should().Be("Samsung phones", "the rules corrected the typo");
    }
}

[Collection("sqlite")]
public sealed class SqliteStructuredStepsTests(SqliteStructuredStepsFixture fixture)
    : StructuredStepsTests(fixture), IClassFixture<SqliteStructuredStepsFixture>;

[Collection("postgres")]
public sealed class PostgresStructuredStepsTests(PostgresStructuredStepsFixture fixture)
    : StructuredStepsTests(fixture), IClassFixture<PostgresStructuredStepsFixture>;
