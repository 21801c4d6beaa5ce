using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SalesMate.Api.Models;
using SalesMate.Api.Routes;
using SalesMate.Services.Intelligence;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Intelligence;

/// <summary>The app with a hosted model (the fake OpenAI server) and llm.structured_classification on.</summary>
public abstract class LlmPipelineFixture(DatabaseKind kind) : FakeModelFixture(kind)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["llm:structured_classification"] = "true",
    };
}

public sealed class SqliteLlmPipelineFixture() : LlmPipelineFixture(DatabaseKind.Sqlite);

public sealed class PostgresLlmPipelineFixture() : LlmPipelineFixture(DatabaseKind.Postgres);

/// <summary>
/// Scripted conversations with the model: each turn is one structured classification call (intent, sentiment,
/// frustration) and then the streamed answer; the pipeline's guidance reaches the prompt, and its escalation and
/// welcome back reach the shopper whatever the model says.
/// </summary>
public abstract class LlmSalesConversationTests(LlmPipelineFixture fixture)
{
    private static readonly FakeToolCall SearchLaptops =
        new("call_1", "search_products", """{"query":"laptop","category":"Laptops","max_price":1200}""");

    private static readonly FakeToolCall SearchCheaperLaptops =
        new("call_2", "search_products", """{"query":"laptop","category":"Laptops","max_price":700}""");

    private static FakeOpenAiReply Classified(string intent, string sentiment = "neutral", int frustration = 0, string[]? categories = null) =>
        FakeOpenAiReply.Text(new JsonObject
        {
            ["intent"] = intent,
            ["budget"] = new JsonObject { ["min"] = null, ["max"] = null, ["currency"] = null },
            ["categories"] = new JsonArray([.. (categories ?? []).Select(c => (JsonNode)JsonValue.Create(c))]),
            ["brands"] = new JsonArray(),
            ["contact"] = new JsonObject { ["name"] = null, ["email"] = null, ["phone"] = null },
            ["sentiment"] = sentiment,
            ["frustration"] = frustration,
        }.ToJsonString());

    private static string SystemPrompt(FakeOpenAiRequest request) => request.Messages[0]!["content"]!.GetValue<string>();

    [Fact]
    public async Task A_price_objection_tells_the_model_to_make_the_value_case_and_find_cheaper_options()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Classified("product_search", categories: ["Laptops"]), FakeOpenAiReply.Tools(SearchLaptops),
            FakeOpenAiReply.Text("Here are three laptops under $1,200."));
        var shown = await chat.SayAsync("show me laptops under $1200");
        shown.Products.Should().NotBeEmpty();

        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Classified("price_objection", "negative", 2), FakeOpenAiReply.Tools(SearchCheaperLaptops),
            FakeOpenAiReply.Text("I understand. These cost less and still do the job."));
        var objection = await chat.SayAsync("hmm, that's a lot of money for me");

        objection.Intent.Should().Be("price_objection");
        objection.Sentiment.Should().Be("negative");
        objection.Answer.Should().Be("I understand. These cost less and still do the job.", "the model made the value case; nothing is appended");
        objection.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Price <= 700m);
        var requests = fixture.Server.Requests.Skip(before).ToList();
        requests.Should().HaveCount(3);
        requests[0].Stream.Should().BeFalse("the first call is the structured classification");
        SystemPrompt(requests[1]).Should().Contain("finds the price too high").And.Contain("frustration 2/10").And.Contain("Never invent urgency");
    }

    [Fact]
    public async Task The_models_frustration_reading_offers_a_human_and_then_the_answers_carry_no_nudges()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Classified("product_search", "frustrated", 8), FakeOpenAiReply.Text("Sorry! Let me fix that."));
        var fed_up = await chat.SayAsync("why do you keep showing me the wrong things");

        fed_up.Escalation.Should().BeTrue();
        fed_up.Frustration.Should().Be(8);
        fed_up.Sentiment.Should().Be("frustrated");
        fed_up.Answer.Should().Be("Sorry! Let me fix that.\n\n" + EscalationRules.OfferText);
        SystemPrompt(fixture.Server.Requests[^1]).Should().Contain("frustration 8/10");

        fixture.Server.Enqueue(Classified("product_search", categories: ["Tablets"]), FakeOpenAiReply.Text("Here are some tablets."));
        var calmer = await chat.SayAsync("fine, show me tablets");
        calmer.Escalation.Should().BeFalse();
        calmer.Escalated.Should().BeTrue();
        calmer.Answer.Should().Be("Here are some tablets.", "no budget question or other nudge after a human was offered");
        SystemPrompt(fixture.Server.Requests[^1]).Should().Contain("has already been offered");
    }

    [Fact]
    public async Task A_request_for_a_person_is_answered_without_calling_the_model_for_the_answer()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Classified("human_handoff"));

        var human = await chat.SayAsync("I'd like to speak to someone from sales");

        human.Intent.Should().Be("human_handoff");
        human.Escalation.Should().BeTrue();
        human.Answer.Should().Contain("flagged this conversation for our sales team");
        fixture.Server.Requests.Count.Should().Be(before + 1, "only the classification was a model call");
    }

    [Fact]
    public async Task When_the_classifier_fails_the_rules_read_the_frustration()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(FakeOpenAiReply.Error(400), FakeOpenAiReply.Text("Let me try again."));

        var answer = await chat.SayAsync("THIS IS USELESS, you are not listening!!");

        answer.Sentiment.Should().Be("frustrated");
        answer.Escalation.Should().BeTrue();
        answer.Answer.Should().EndWith(EscalationRules.OfferText);
    }

    [Fact]
    public async Task A_yes_after_the_models_own_question_is_answered_by_the_model()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Classified("product_search", categories: ["Laptops"]), FakeOpenAiReply.Tools(SearchLaptops),
            FakeOpenAiReply.Text("Here are three laptops under $1,200. Would you like me to show you cheaper options?"));
        await chat.SayAsync("show me laptops under $1200");

        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Classified("other"), FakeOpenAiReply.Text("Great, here are some that cost less."));
        var yes = await chat.SayAsync("yes");

        yes.Responder.Should().Be("llm");
        yes.Answer.Should().StartWith("Great, here are some that cost less.");
        fixture.Server.Requests.Count.Should().Be(before + 2, "the classification and the model's answer");
    }

    [Fact]
    public async Task A_yes_to_the_visit_offer_books_it_without_the_model_and_a_later_yes_goes_to_the_model()
    {
        var chat = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Classified("product_search", categories: ["Laptops"]), FakeOpenAiReply.Tools(SearchLaptops),
            FakeOpenAiReply.Text("Here are three laptops under $1,200."));
        await chat.SayAsync("show me laptops under $1200");
        fixture.Server.Enqueue(Classified("product_search", categories: ["Laptops"]), FakeOpenAiReply.Tools(SearchCheaperLaptops),
            FakeOpenAiReply.Text("And these cost under $700."));
        var offered = await chat.SayAsync("and under $700?");
        offered.Answer.Should().EndWith(new Config.CoachingOptions().VisitOffer);

        fixture.Server.Enqueue(Classified("other"));
        var booked = await chat.SayAsync("yes please");
        booked.Intent.Should().Be("schedule_visit");
        booked.Answer.Should().StartWith("Happy to set up a visit");

        var before = fixture.Server.Requests.Count;
        fixture.Server.Enqueue(Classified("other"), FakeOpenAiReply.Text("Anything else I can help with?"));
        var again = await chat.SayAsync("yes");
        again.Intent.Should().NotBe("schedule_visit");
        again.Answer.Should().Be("Anything else I can help with?");
        fixture.Server.Requests.Count.Should().Be(before + 2);
    }

    [Fact]
    public async Task A_returning_shopper_is_welcomed_back_before_the_models_streamed_answer_and_the_events_carry_the_signals()
    {
        var first = await ConversationScript.StartAsync(fixture.Client);
        fixture.Server.Enqueue(Classified("product_search", categories: ["Laptops"]), FakeOpenAiReply.Tools(SearchLaptops),
            FakeOpenAiReply.Text("Here are some laptops."));
        var shown = await first.SayAsync("show me laptops under $1200");
        shown.Products.Should().NotBeEmpty();

        var again = await ConversationScript.StartAsync(fixture.Client, sessionToken: first.SessionToken);
        fixture.Server.Enqueue(Classified("greeting", "positive"), FakeOpenAiReply.Text("Hello again, how can I help?"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/streams")
        {
            Content = JsonContent.Create(new { conversation_id = again.Chat.ConversationId, message = "hello!" }, options: SalesMateFactory.Json),
        };
        request.Headers.Add("X-Session-Token", again.SessionToken);
        var stream = await (await fixture.Client.SendAsync(request)).ReadAsync<CreateStreamResponse>();
        var read = await SseClient.EventsAsync(fixture.Client, stream.StreamId, again.SessionToken);

        read.Text.Should().Be($"Welcome back! Last time you looked at the {shown.Products[0].Name}" +
                              (shown.Products.Count > 1 ? $" and the {shown.Products[1].Name}" : "") + ". Hello again, how can I help?");
        var meta = read.Data("meta");
        meta.GetProperty("intent").GetString().Should().Be("greeting");
        meta.GetProperty("sentiment").GetString().Should().Be("positive");
        meta.GetProperty("frustration").GetInt32().Should().Be(0);
        meta.GetProperty("stage").GetString().Should().Be("awareness");
        meta.GetProperty("escalated").GetBoolean().Should().BeFalse();
        var done = read.Data("done");
        done.GetProperty("sentiment").GetString().Should().Be("positive");
        done.GetProperty("stage").GetString().Should().Be("awareness");
        done.GetProperty("escalation").GetBoolean().Should().BeFalse();
        done.GetProperty("engagement").GetDouble().Should().BeInRange(0, 10);
        done.GetProperty("confidence").GetDouble().Should().BePositive();
        done.GetProperty("steps").EnumerateObject().Select(p => p.Name).Should().Contain(["classify_ms", "respond_ms", "coach_ms"]);
        (await again.MessagesAsync())[^1].Content.Should().Be(read.Text, "the streamed text is the stored answer");
    }
}

[Collection("sqlite")]
public sealed class SqliteLlmSalesConversationTests(SqliteLlmPipelineFixture fixture)
    : LlmSalesConversationTests(fixture), IClassFixture<SqliteLlmPipelineFixture>;

[Collection("postgres")]
public sealed class PostgresLlmSalesConversationTests(PostgresLlmPipelineFixture fixture)
    : LlmSalesConversationTests(fixture), IClassFixture<PostgresLlmPipelineFixture>;
