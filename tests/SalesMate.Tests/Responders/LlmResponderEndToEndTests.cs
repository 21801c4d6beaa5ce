using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Responders;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Gateway;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>The responders over the real gateway (OpenAI adapter, resilience, accounting) and real HTTP to the fake server.</summary>
public sealed class LlmResponderEndToEndTests
{
    [Fact]
    public async Task A_tool_round_and_a_streamed_answer_go_over_the_wire_and_are_accounted()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"gaming laptop","max_price":1500}""")).WithUsage(120, 15),
            FakeOpenAiReply.Text("The Acme Volt 14 ", "and the Blade ", "both fit.").WithUsage(300, 9));
        await using var scope = harness.Services.CreateAsyncScope();
        var responder = Gateway(scope, harness);

        var updates = await Collect(responder, Context("gaming laptop under $1500") with { ConversationId = harness.ConversationId });

        updates.Select(u => u.GetType().Name).Should().Equal(nameof(IntentUpdate), nameof(ProductsUpdate), nameof(SourcesUpdate),
            nameof(TextDelta), nameof(TextDelta), nameof(TextDelta), nameof(ReplyCompleted));
        var reply = Reply(updates);
        reply.Answer.Should().Be("The Acme Volt 14 and the Blade both fit.");
        reply.Responder.Should().Be("llm");
        reply.Degraded.Should().BeFalse();
        reply.Products.Select(p => p.Product).Should().BeEquivalentTo([Volt, Blade]);
        reply.Usage.Should().BeEquivalentTo(new { PromptTokens = 420, CompletionTokens = 24, Estimated = false });

        var requests = harness.Server.Requests;
        requests.Should().HaveCount(2);
        requests[0].Stream.Should().BeTrue();
        requests[0].Tools.Select(t => t!["function"]!["name"]!.GetValue<string>()).Should().Equal("search_products", "get_product", "compare_products", "get_budget_alternatives");
        requests[0].Roles.Should().Equal(["system", "user", "assistant", "tool"], "the search the rules understood is prefetched");
        requests[1].Roles.Should().Equal("system", "user", "assistant", "tool", "assistant", "tool");
        requests[1].Messages[5]!["content"]!.GetValue<string>().Should().StartWith("<catalog_data source=\"search_products\">")
            .And.Contain(Volt.Sku).And.Contain("1449");

        var rows = await harness.RowsAsync();
        rows.Should().HaveCount(2).And.OnlyContain(r => r.Purpose == LlmPurposes.Chat && r.ConversationId == harness.ConversationId);
        reply.Usage!.Cost.Should().BePositive().And.Be(rows.Sum(r => r.ComputedCost!.Value), "the reply's cost is the sum of its priced calls");
    }

    [Fact]
    public async Task A_search_the_rules_understood_is_in_the_first_request_so_the_model_answers_in_one_call()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(FakeOpenAiReply.Text("The Acme Volt 14 ", "and the Blade both fit.").WithUsage(300, 9));
        await using var scope = harness.Services.CreateAsyncScope();
        var responder = Gateway(scope, harness);

        var reply = Reply(await Collect(responder, Context("gaming laptop under $1500") with { ConversationId = harness.ConversationId }));

        reply.Answer.Should().Be("The Acme Volt 14 and the Blade both fit.");
        reply.Products.Select(p => p.Product).Should().BeEquivalentTo([Volt, Blade], "the cards are the prefetched search's results");
        var request = harness.Server.Requests.Should().ContainSingle().Subject;
        request.Roles.Should().Equal("system", "user", "assistant", "tool");
        request.ShopperMessage.Should().Be("gaming laptop under $1500");
        var call = request.Messages[2]!["tool_calls"]![0]!;
        call["id"]!.GetValue<string>().Should().Be(LocalSalesResponder.PrefetchCallId);
        call["function"]!["name"]!.GetValue<string>().Should().Be("search_products");
        var arguments = JsonNode.Parse(call["function"]!["arguments"]!.GetValue<string>())!;
        arguments["category"]!.GetValue<string>().Should().Be("Laptops");
        arguments["max_price"]!.GetValue<decimal>().Should().Be(1500m);
        request.Messages[3]!["tool_call_id"]!.GetValue<string>().Should().Be(LocalSalesResponder.PrefetchCallId);
        request.Messages[3]!["content"]!.GetValue<string>().Should().Contain(Volt.Sku).And.Contain(Blade.Sku).And.NotContain(Titan.Sku);
        request.Tools.Should().HaveCount(4, "the model keeps its tools");
        (await harness.RowsAsync()).Should().ContainSingle().Which.Purpose.Should().Be(LlmPurposes.Chat);
    }

    [Fact]
    public async Task Each_call_of_a_tool_turn_is_accounted_with_the_messages_it_sent()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"gaming laptop"}""")).WithUsage(120, 15),
            FakeOpenAiReply.Text("The Acme Volt 14 ", "fits.").WithUsage(300, 9));
        await using var scope = harness.Services.CreateAsyncScope();
        var batch = new SalesMate.Services.Llm.Gateway.LlmAccountingBatch();

        var reply = Reply(await Collect(Gateway(scope, harness),
            Context("gaming laptop") with { ConversationId = harness.ConversationId, Accounting = batch }));

        // The turn's rows are built when the turn is saved, after the tool round added to the prompt: each row still
        // records its own request, the same messages the provider received.
        reply.Answer.Should().Be("The Acme Volt 14 fits.");
        var rows = batch.Drain();
        rows.Should().HaveCount(2);
        for (var i = 0; i < 2; i++)
        {
            var sent = System.Text.Json.JsonDocument.Parse(rows[i].RequestBody!).RootElement.GetProperty("messages");
            sent.EnumerateArray().Select(m => m.GetProperty("role").GetString()).Should().Equal(harness.Server.Requests[i].Roles);
            sent[0].GetProperty("content").GetString().Should().Be(harness.Server.Requests[i].Messages[0]!["content"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_tool_turn_whose_answer_call_fails_still_accounts_both_calls_with_the_messages_they_sent()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"gaming laptop"}""")).WithUsage(120, 15),
            FakeOpenAiReply.Error(400));
        await using var scope = harness.Services.CreateAsyncScope();
        var batch = new SalesMate.Services.Llm.Gateway.LlmAccountingBatch();

        var reply = Reply(await Collect(Gateway(scope, harness),
            Context("gaming laptop") with { ConversationId = harness.ConversationId, Accounting = batch }));

        // No text ever came, so neither body was written during the turn: both are written when the rows are built.
        reply.Degraded.Should().BeTrue();
        var rows = batch.Drain();
        rows.Should().HaveCount(2);
        rows.Select(r => r.Status).Should().Equal("ok", "error");
        for (var i = 0; i < 2; i++)
        {
            var sent = System.Text.Json.JsonDocument.Parse(rows[i].RequestBody!).RootElement.GetProperty("messages");
            sent.EnumerateArray().Select(m => m.GetProperty("role").GetString()).Should().Equal(harness.Server.Requests[i].Roles);
        }
    }

    [Fact]
    public async Task A_provider_that_is_down_gets_the_local_answer_marked_degraded()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Fallback = FakeOpenAiReply.Error(503);
        await using var scope = harness.Services.CreateAsyncScope();

        var reply = Reply(await Collect(Gateway(scope, harness), Context("gaming laptop under $1500")));

        reply.Degraded.Should().BeTrue();
        reply.Responder.Should().Be("local");
        reply.Products.Should().NotBeEmpty().And.OnlyContain(p => p.Product.Price <= 1500m);
        harness.Server.Requests.Should().NotBeEmpty();
    }

    private static GatewaySalesResponder Gateway(AsyncServiceScope scope, GatewayHarness harness)
    {
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(harness.TenantId);
        var llm = ActivatorUtilities.CreateInstance<LlmSalesResponder>(scope.ServiceProvider, harness.Client);
        return new GatewaySalesResponder(scope.ServiceProvider.GetRequiredService<LocalSalesResponder>(), llm);
    }
}
