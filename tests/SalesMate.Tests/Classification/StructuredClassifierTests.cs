using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Gateway;
using static SalesMate.Tests.Classification.ClassificationTestKit;

namespace SalesMate.Tests.Classification;

/// <summary>The classifier over real HTTP: the app's gateway against <see cref="FakeOpenAiServer"/>, rows in SQLite.</summary>
public sealed class StructuredClassifierTests
{
    [Fact]
    public async Task A_valid_answer_is_the_result_after_one_call()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(Json()).WithUsage(300, 60));

        var result = await ClassifyAsync(gateway);

        result.Source.Should().Be(MessageClassification.FromModel);
        result.ModelCalls.Should().Be(1);
        result.Intent.Should().Be(Intents.ProductSearch);
        result.Budget.Should().BeEquivalentTo(new Budget(800m, 1200m, "USD"));
        result.Categories.Should().Equal("Laptops");
        result.Brands.Should().Equal("ASUS");
        result.Contact.Should().Be(new ContactDetails("Jo Smith", "jo.smith@example.com", "+1 (555) 123-4567"));
        gateway.Server.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task The_request_asks_for_strict_json_schema_output_at_low_temperature_and_few_tokens()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(Json()));

        await ClassifyAsync(gateway);

        var request = gateway.Server.Requests.Should().ContainSingle().Subject;
        request.Stream.Should().BeFalse();
        request.Model.Should().Be(GatewayHarness.Model);
        request.Json["temperature"]!.GetValue<double>().Should().Be(0);
        (request.Json["max_completion_tokens"] ?? request.Json["max_tokens"])!.GetValue<int>().Should().Be(StructuredClassifier.MaxOutputTokens);
        var format = request.Json["response_format"]!;
        format["type"]!.GetValue<string>().Should().Be("json_schema");
        format["json_schema"]!["name"]!.GetValue<string>().Should().Be("message_classification");
        format["json_schema"]!["strict"]!.GetValue<bool>().Should().BeTrue("the schema is enforced by the provider");
        var schema = format["json_schema"]!["schema"]!;
        schema["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().BeEquivalentTo(["intent", "budget", "categories", "brands", "contact", "sentiment", "frustration"]);
        schema["properties"]!["intent"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(ClassificationIntents.All);
        schema["properties"]!["contact"]!["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        ClassificationIntents.All.Should().Contain(["price_objection", "knowledge_question", "schedule_visit", "contact_info",
            "complaint", "human_handoff", "other", "product_search", "comparison"]);
        request.Roles.Should().Equal("system", "user");
        request.Messages[1]!["content"]!.ToString().Should().Contain(Message);
        request.Messages[0]!["content"]!.ToString().Should().Contain("\"Laptops\"").And.Contain("\"ASUS\"");
    }

    [Fact]
    public async Task Rows_in_llm_requests_have_purpose_classify()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("not json"), FakeOpenAiReply.Text(Json()).WithUsage(320, 60));

        await ClassifyAsync(gateway);

        var rows = await gateway.RowsAsync();
        rows.Should().HaveCount(2);
        rows.Should().AllSatisfy(row =>
        {
            row.Purpose.Should().Be(LlmPurposes.Classify);
            row.TenantId.Should().Be(gateway.TenantId);
            row.ConversationId.Should().Be(gateway.ConversationId);
            row.Status.Should().Be("ok");
        });
    }

    [Fact]
    public async Task Invalid_json_then_a_valid_answer_retries_once_with_the_error_and_uses_the_model()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("{\"intent\": \"product_search\", "), FakeOpenAiReply.Text(Json()));

        var result = await ClassifyAsync(gateway);

        result.Source.Should().Be(MessageClassification.FromModel);
        result.ModelCalls.Should().Be(2);
        result.Categories.Should().Equal("Laptops");
        var retry = gateway.Server.Requests.Should().HaveCount(2).And.Subject.Last();
        retry.Roles.Should().Equal("system", "user", "assistant", "user");
        retry.Messages[2]!["content"]!.ToString().Should().Contain("{\"intent\": \"product_search\", ");
        retry.Messages[3]!["content"]!.ToString().Should().Contain("not valid JSON");
        retry.Json["response_format"]!["type"]!.GetValue<string>().Should().Be("json_schema");
    }

    [Fact]
    public async Task Invalid_values_are_named_in_the_retry()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(
            FakeOpenAiReply.Text(Json(intent: "buy_now", min: 1500, max: 900, email: "invented@example.com")),
            FakeOpenAiReply.Text(Json(intent: "price_objection")));

        var result = await ClassifyAsync(gateway);

        result.Source.Should().Be(MessageClassification.FromModel);
        result.Intent.Should().Be(ClassificationIntents.PriceObjection);
        var correction = gateway.Server.Requests[1].Messages[3]!["content"]!.ToString();
        correction.Should().Contain("intent must be one of").And.Contain("budget.min must not be above budget.max")
            .And.Contain("contact.email").And.NotContain("invented@example.com");
    }

    [Fact]
    public async Task Two_invalid_answers_fall_back_to_the_rules_after_exactly_two_calls()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("Sure! The shopper wants a laptop."), FakeOpenAiReply.Text(Json(intent: "shopping")));

        var result = await ClassifyAsync(gateway);

        result.ShouldBeTheRulesResult();
        result.ModelCalls.Should().Be(2);
        gateway.Server.Requests.Should().HaveCount(2);
        gateway.Server.PendingReplies.Should().Be(0);
    }

    [Fact]
    public async Task A_provider_error_falls_back_to_the_rules_without_throwing()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Fallback = FakeOpenAiReply.Error(500);

        var result = await ClassifyAsync(gateway);

        result.ShouldBeTheRulesResult();
        result.ModelCalls.Should().Be(1, "the gateway's own retries count as one call");
        gateway.Server.Requests.Should().HaveCount(3, "llm.max_retries is 2 in the harness; the classifier adds no retry of its own");
        (await gateway.RowsAsync()).Should().ContainSingle().Which.Status.Should().Be("error");
    }

    [Fact]
    public async Task A_rejected_request_falls_back_to_the_rules_without_a_retry()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Error(400));

        var result = await ClassifyAsync(gateway);

        result.ShouldBeTheRulesResult();
        gateway.Server.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Categories_and_brands_outside_the_catalog_are_dropped_and_synonyms_mapped()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(Json(categories: ["Spaceships", "notebook", "laptops"], brands: ["asus", "Acme", "Dell"])));

        var result = await ClassifyAsync(gateway);

        result.Source.Should().Be(MessageClassification.FromModel);
        result.ModelCalls.Should().Be(1, "unknown names are dropped, not retried");
        result.Categories.Should().Equal("Laptops");
        result.Brands.Should().Equal("ASUS", "Dell");
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_swallowed()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Silent());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = () => Classifier(gateway).ClassifyAsync(Message, Vocabulary, gateway.TenantId, null, cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
