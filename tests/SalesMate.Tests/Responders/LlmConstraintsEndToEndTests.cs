using Microsoft.Extensions.DependencyInjection;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Responders;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Gateway;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>
/// Over the wire to the fake provider: what the shopper ruled out stays out of the tool results the model is sent and
/// of the cards, even when the model's own search forgets it; a bad tool argument is the model's error, not the shopper's.
/// </summary>
public sealed class LlmConstraintsEndToEndTests
{
    [Fact]
    public async Task A_ruled_out_feature_stays_out_when_the_models_search_forgets_it()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(
            FakeOpenAiReply.Text("The Nimbus Air 13 is not a gaming laptop."),
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"laptop"}""")),
            FakeOpenAiReply.Text("Still just the Nimbus Air 13."));
        await using var scope = harness.Services.CreateAsyncScope();
        var responder = Gateway(scope, harness);

        var first = Reply(await Collect(responder, Context("show me laptops, no gaming please") with { ConversationId = harness.ConversationId }));
        var second = Reply(await Collect(responder, Context("anything else?", first.State) with { ConversationId = harness.ConversationId }));

        first.State.ExcludedFeatures.Should().Equal("gaming");
        var searched = ModelToolResult(harness.Server.Requests[^1], "call_1");
        searched.Should().Contain(Nimbus.Sku).And.NotContain(Blade.Sku).And.NotContain(Volt.Sku).And.NotContain(Titan.Sku);
        second.Responder.Should().Be("llm");
        new[] { first, second }.SelectMany(r => r.Products).Should().NotBeEmpty()
            .And.OnlyContain(p => p.Product.Id == Nimbus.Id, "no card shows a gaming laptop");
    }

    [Fact]
    public async Task A_ruled_out_brand_stays_out_when_the_models_search_forgets_it()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(
            FakeOpenAiReply.Text("The Nimbus Air 13."),
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"gaming laptop","category":"Laptops"}""")),
            FakeOpenAiReply.Text("No gaming laptop outside Acme."));
        await using var scope = harness.Services.CreateAsyncScope();
        var responder = Gateway(scope, harness);

        var first = Reply(await Collect(responder, Context("laptops but not Acme") with { ConversationId = harness.ConversationId }));
        var second = Reply(await Collect(responder, Context("hmm, and for games?", first.State) with { ConversationId = harness.ConversationId }));

        first.State.ExcludedBrands.Should().Equal("Acme");
        var searched = ModelToolResult(harness.Server.Requests[^1], "call_1");
        searched.Should().Contain("\"excluded_brands\":[\"Acme\"]").And.NotContain("ACM-");
        new[] { first, second }.SelectMany(r => r.Products).Should().OnlyContain(p => p.Product.Brand != "Acme");
    }

    [Fact]
    public async Task The_cheapest_first_order_asked_for_earlier_is_the_default_of_a_later_search()
    {
        await using var harness = await GatewayHarness.StartAsync();
        harness.Server.Enqueue(
            FakeOpenAiReply.Text("The Nimbus Air 13 is our cheapest laptop."),
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"laptop","brand":"Acme"}""")),
            FakeOpenAiReply.Text("The Acme Blade 15 is the cheapest Acme."));
        await using var scope = harness.Services.CreateAsyncScope();
        var responder = Gateway(scope, harness);

        var first = Reply(await Collect(responder, Context("cheapest laptop") with { ConversationId = harness.ConversationId }));
        var second = Reply(await Collect(responder, Context("what about Acme?", first.State) with { ConversationId = harness.ConversationId }));

        second.State.PriceOrder.Should().Be(Core.Entities.PriceOrder.LowestFirst);
        var searched = ModelToolResult(harness.Server.Requests[^1], "call_1");
        searched.Should().Contain("price_asc", "the tool result says how it is ordered");
        new[] { searched.IndexOf(Blade.Sku, StringComparison.Ordinal), searched.IndexOf(Volt.Sku, StringComparison.Ordinal),
                searched.IndexOf(Titan.Sku, StringComparison.Ordinal) }
            .Should().BeInAscendingOrder("the model's search without a sort lists Acme cheapest first, as the shopper asked before")
            .And.OnlyContain(i => i >= 0);
    }

    [Fact]
    public async Task An_unknown_sort_is_an_error_the_model_reads_not_a_failed_turn()
    {
        await using var harness = await GatewayHarness.StartAsync(new() { ["llm:prefetch_tools"] = "false" });
        harness.Server.Enqueue(
            FakeOpenAiReply.Tools(new FakeToolCall("call_1", "search_products", """{"query":"laptop","sort":"cheapest"}""")),
            FakeOpenAiReply.Tools(new FakeToolCall("call_2", "search_products", """{"query":"laptop","sort":"price_asc"}""")),
            FakeOpenAiReply.Text("The Nimbus Air 13 is the cheapest."));
        await using var scope = harness.Services.CreateAsyncScope();

        var reply = Reply(await Collect(Gateway(scope, harness), Context("cheapest laptop") with { ConversationId = harness.ConversationId }));

        ModelToolResult(harness.Server.Requests[1], "call_1").Should().Contain("Unknown sort: cheapest.")
            .And.Contain("price_asc").And.NotContain(Nimbus.Sku);
        ModelToolResult(harness.Server.Requests[2], "call_2").Should().Contain(Nimbus.Sku);
        reply.Degraded.Should().BeFalse();
        reply.Responder.Should().Be("llm");
        reply.Products.Select(p => p.Product).Should().Equal(Nimbus, Blade, Volt);
    }

    private static string ModelToolResult(FakeOpenAiRequest request, string callId) =>
        request.Messages.Single(m => m?["role"]?.GetValue<string>() == "tool" && m["tool_call_id"]?.GetValue<string>() == callId)!
            ["content"]!.GetValue<string>();

    private static GatewaySalesResponder Gateway(AsyncServiceScope scope, GatewayHarness harness)
    {
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(harness.TenantId);
        var llm = ActivatorUtilities.CreateInstance<LlmSalesResponder>(scope.ServiceProvider, harness.Client);
        return new GatewaySalesResponder(scope.ServiceProvider.GetRequiredService<LocalSalesResponder>(), llm);
    }
}
