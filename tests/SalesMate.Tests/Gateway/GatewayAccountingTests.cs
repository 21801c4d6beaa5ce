using System.Text.Json;
using Microsoft.Extensions.AI;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Tests.Fakes;

namespace SalesMate.Tests.Gateway;

/// <summary>One llm_requests row per call: who, what, tokens, price and cost to the cent, timings, status.</summary>
public sealed class GatewayAccountingTests
{
    [Fact]
    public async Task Streamed_call_row_carries_the_provider_usage_and_its_cost_to_the_cent()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("The ", "Legion 5 ", "fits.").WithUsage(1_234_567, 345_678));

        var (text, _, error) = await gateway.StreamAsync("gaming laptop under $1500", gateway.Options(LlmPurposes.Chat));

        error.Should().BeNull();
        text.Should().Be("The Legion 5 fits.");
        var row = await gateway.SingleRowAsync();
        row.TenantId.Should().Be(gateway.TenantId);
        row.ConversationId.Should().Be(gateway.ConversationId);
        row.Purpose.Should().Be("chat");
        row.Provider.Should().Be("openai-compatible");
        row.Model.Should().Be("gpt-fake");
        row.Status.Should().Be("ok");
        row.Error.Should().BeNull();
        row.PromptTokens.Should().Be(1_234_567);
        row.CompletionTokens.Should().Be(345_678);
        row.TotalTokens.Should().Be(1_580_245);
        row.TokensEstimated.Should().BeFalse();
        row.UnitCostPrompt.Should().Be(2.50m);
        row.UnitCostCompletion.Should().Be(10.00m);
        // 1,234,567 x $2.50/M + 345,678 x $10.00/M = $3.0864175 + $3.45678 = $6.5431975
        row.ComputedCost.Should().BeApproximately(6.5431975m, 0.0000001m);
        Math.Round(row.ComputedCost!.Value, 2).Should().Be(6.54m);
        row.TimeToFirstTokenMs.Should().NotBeNull();
        row.LatencyMs.Should().BeGreaterThanOrEqualTo(row.TimeToFirstTokenMs!.Value);
        JsonDocument.Parse(row.ResponseBody!).RootElement.GetProperty("text").GetString().Should().Be("The Legion 5 fits.");
        JsonDocument.Parse(row.RequestBody!).RootElement.GetProperty("messages")[1].GetProperty("content").GetString()
            .Should().Be("gaming laptop under $1500");
    }

    [Fact]
    public async Task A_prompt_released_while_the_answer_streams_is_still_accounted_in_full()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("The ", "Legion 5 ", "fits."));
        var options = gateway.Options();
        var messages = new PromptMessages(GatewayHarness.Ask("gaming laptop under $1500"));
        var expectedBody = LlmRequestBodies.Request(messages, options, GatewayHarness.Model, GatewayHarness.ApiKey);
        var promptChars = messages.Sum(m => m.Text.Length);

        var text = "";
        await foreach (var update in gateway.Client.GetStreamingResponseAsync(messages, options))
        {
            if (update.Text.Length > 0)
            {
                messages.Release();
            }
            text += update.Text;
        }

        text.Should().Be("The Legion 5 fits.");
        messages.IsReleased.Should().BeTrue();
        FluentActions.Invoking(() => messages.Count).Should().Throw<InvalidOperationException>();
        var row = await gateway.SingleRowAsync();
        row.Status.Should().Be("ok");
        row.RequestBody.Should().Be(expectedBody);
        row.TokensEstimated.Should().BeTrue();
        row.PromptTokens.Should().Be((promptChars + 3) / 4, "the prompt's characters were counted when the call started");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_row_records_what_the_call_sent_when_the_caller_changes_its_list_during_the_call(bool inChatTurn)
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("The ", "Legion 5 ", "fits."));
        // In a chat turn the body is written only after the first text was passed on, alone while the provider answers.
        var turn = inChatTurn ? new LlmAccountingBatch() : null;
        var options = gateway.Options().DeferAccountingTo(turn);
        var messages = GatewayHarness.Ask($"gaming laptop under $1500, my key is {GatewayHarness.ApiKey}");
        var expectedBody = LlmRequestBodies.Request(messages, options, GatewayHarness.Model, GatewayHarness.ApiKey);

        var updates = 0;
        await foreach (var update in gateway.Client.GetStreamingResponseAsync(messages, options))
        {
            if (updates++ == 0)
            {
                // What a tool round does to the caller's list before the body of the call before it is written.
                messages.RemoveAt(0);
                messages.AddRange(Enumerable.Range(0, 50).Select(i => new ChatMessage(ChatRole.Tool, $"a later round {i}")));
            }
        }

        var row = turn is null ? await gateway.SingleRowAsync() : turn.Drain().Single();
        row.RequestBody.Should().Be(expectedBody);
        row.RequestBody.Should().NotContain(GatewayHarness.ApiKey).And.NotContain("a later round");
    }

    [Fact]
    public async Task A_turns_calls_reach_the_provider_only_once_the_turn_is_admitted_and_never_when_admission_fails()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("The ", "Legion 5 ", "fits."));

        // Admitted later: the streamed and the one-shot call both wait, then go through.
        var committed = new TaskCompletionSource();
        var turn = new LlmAccountingBatch();
        turn.AdmitAfter(committed.Task);
        var streaming = gateway.StreamAsync("gaming laptop under $1500", gateway.Options().DeferAccountingTo(turn));
        await Task.Delay(100);
        gateway.Server.Requests.Should().BeEmpty("the turn's question is not stored yet");
        committed.SetResult();
        (await streaming).Text.Should().Be("The Legion 5 fits.");
        gateway.Server.Requests.Should().HaveCount(1);

        // Never admitted: no call, no row.
        var refused = new LlmAccountingBatch();
        refused.AdmitAfter(Task.FromException(new InvalidOperationException("the question's commit failed")));
        var oneShot = () => gateway.Client.GetResponseAsync(GatewayHarness.Ask("and a cheaper one?"), gateway.Options().DeferAccountingTo(refused));
        await oneShot.Should().ThrowAsync<InvalidOperationException>();
        var streamed = await gateway.StreamAsync("and a cheaper one?", gateway.Options().DeferAccountingTo(refused));
        streamed.Error.Should().BeOfType<InvalidOperationException>();
        gateway.Server.Requests.Should().HaveCount(1, "a turn whose question was not stored sends nothing");
        refused.Drain().Should().BeEmpty();
        turn.Drain().Should().ContainSingle("the admitted call is accounted");
    }

    [Fact]
    public async Task Costs_of_several_calls_add_up_to_the_cent()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(
            FakeOpenAiReply.Text("a").WithUsage(400_000, 100_000),
            FakeOpenAiReply.Text("b").WithUsage(333_333, 66_667).WithModel("gpt-fake-2025-06-01"),
            FakeOpenAiReply.Text("c").WithUsage(1_000, 999));

        await gateway.Client.GetResponseAsync(GatewayHarness.Ask("one"), gateway.Options(LlmPurposes.Classify));
        await gateway.StreamAsync("two");
        await gateway.Client.GetResponseAsync(GatewayHarness.Ask("three"), gateway.Options(LlmPurposes.Summarize));

        var rows = await gateway.RowsAsync();
        rows.Select(r => r.Purpose).Should().Equal("classify", "chat", "summarize");
        rows[0].TimeToFirstTokenMs.Should().BeNull("only streams have a time to first token");
        rows[1].Model.Should().Be("gpt-fake-2025-06-01", "the model the provider reports; priced by its 'gpt-fake' prefix");
        // $1.00 + $1.00 = 2.00; $0.8333325 + $0.66667 = 1.5000025; $0.0025 + $0.00999 = 0.01249
        rows.Sum(r => r.ComputedCost!.Value).Should().BeApproximately(3.5124925m, 0.0000001m);
        Math.Round(rows.Sum(r => r.ComputedCost!.Value), 2).Should().Be(3.51m);
    }

    [Fact]
    public async Task Missing_usage_is_estimated_at_four_characters_per_token()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(new string('x', 18), "yy"));
        List<ChatMessage> messages = [new(ChatRole.System, new string('s', 21)), new(ChatRole.User, new string('u', 19))];

        await foreach (var _ in gateway.Client.GetStreamingResponseAsync(messages, gateway.Options()))
        {
        }

        var row = await gateway.SingleRowAsync();
        row.TokensEstimated.Should().BeTrue();
        row.PromptTokens.Should().Be(10, "40 characters of prompt");
        row.CompletionTokens.Should().Be(5, "20 characters of answer");
        row.TotalTokens.Should().Be(15);
        row.ComputedCost.Should().Be((10 * 2.50m + 5 * 10.00m) / 1_000_000m);
    }

    [Fact]
    public async Task Bodies_hold_no_secrets_and_stay_within_32_KB_of_valid_json()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text(new string('a', 50_000)).WithUsage(1, 1));
        var question = $"My key is {GatewayHarness.ApiKey} and sk-proj-abcdefghijklmnopqrstuvwxyz, auth Bearer abcdef123456789. "
                       + new string('q', 100_000);
        var options = gateway.Options();
        options.Tools = [AIFunctionFactory.CreateDeclaration("login", "Log in",
            JsonDocument.Parse("""{"type":"object","properties":{"password":{"type":"string"}}}""").RootElement)];

        await gateway.Client.GetResponseAsync(
            [new(ChatRole.User, question),
             new(ChatRole.Assistant, [new FunctionCallContent("c1", "login", new Dictionary<string, object?> { ["password"] = "hunter2-secret" })])],
            options);

        var row = await gateway.SingleRowAsync();
        foreach (var body in new[] { row.RequestBody!, row.ResponseBody! })
        {
            System.Text.Encoding.UTF8.GetByteCount(body).Should().BeLessThanOrEqualTo(32 * 1024);
            var act = () => JsonDocument.Parse(body);
            act.Should().NotThrow();
            body.Should().NotContain(GatewayHarness.ApiKey).And.NotContain("sk-proj-abc").And.NotContain("abcdef123456789")
                .And.NotContain("hunter2");
        }
        row.RequestBody.Should().Contain("[redacted]").And.Contain("more characters");
        gateway.Server.Requests.Single().Body.Should().Contain("hunter2-secret", "only the stored copy is redacted");
    }

    [Fact]
    public async Task Call_without_a_tenant_still_works_but_is_not_recorded()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("ok"));

        var response = await gateway.Client.GetResponseAsync(GatewayHarness.Ask("hi"), new ChatOptions());

        response.Text.Should().Be("ok");
        (await gateway.RowsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Unpriced_model_has_tokens_but_no_cost()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        gateway.Server.Enqueue(FakeOpenAiReply.Text("ok").WithUsage(10, 2));
        var options = gateway.Options();
        options.ModelId = "other-model";

        await gateway.Client.GetResponseAsync(GatewayHarness.Ask("hi"), options);

        var row = await gateway.SingleRowAsync();
        row.Model.Should().Be("other-model");
        row.PromptTokens.Should().Be(10);
        row.UnitCostPrompt.Should().BeNull();
        row.ComputedCost.Should().BeNull();
    }
}
