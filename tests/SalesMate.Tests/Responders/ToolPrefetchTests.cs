using System.Text.Json;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Responders;
using SalesMate.Services.Rag;
using SalesMate.Services.Rag.Answers;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>llm.prefetch_tools: the lookup the rules understood is in the model's first request, so it can answer in one call.</summary>
public sealed class ToolPrefetchTests
{
    private static readonly ConversationState ShownThree = new()
    {
        Categories = ["Laptops"], LastShownProductIds = [Nimbus.Id, Blade.Id, Volt.Id], LastIntent = Intents.ProductSearch,
    };

    [Fact]
    public async Task A_search_with_a_budget_is_answered_in_one_call_with_the_searched_products_as_cards()
    {
        var client = new ScriptedChatClient().Answers("Two gaming laptops fit.");

        var updates = await Collect(Llm(client, prefetchTools: true), Context("I need a gaming laptop under $1500"));

        client.Calls.Should().ContainSingle("the search is already in the first request");
        var (call, result) = Prefetched(client.Calls[0]);
        call.Name.Should().Be(CatalogToolDeclarations.SearchProducts);
        call.Arguments!["category"].Should().Be("Laptops");
        call.Arguments["max_price"].Should().Be(1500m);
        var products = JsonDocument.Parse(FencedJson(result)).RootElement.GetProperty("products").EnumerateArray()
            .Select(p => p.GetProperty("sku").GetString()).ToList();
        products.Should().BeEquivalentTo([Blade.Sku, Volt.Sku], "only gaming laptops within the budget");
        client.Calls[0].Options!.Tools.Should().HaveCount(4, "the model can still search again or look closer");
        client.Calls[0].Options!.ToolMode.Should().Be(ChatToolMode.Auto);
        var reply = Reply(updates);
        reply.Products.Select(p => p.Product).Should().BeEquivalentTo([Blade, Volt]);
        reply.State.LastShownProductIds.Should().BeEquivalentTo([Blade.Id, Volt.Id]);
        updates.Select(u => u.GetType().Name).Should().StartWith([nameof(IntentUpdate), nameof(ProductsUpdate), nameof(SourcesUpdate), nameof(TextDelta)]);
    }

    [Fact]
    public async Task Compare_the_first_two_sends_the_comparison_of_the_shown_products()
    {
        var client = new ScriptedChatClient().Answers("The Nimbus is lighter; the Blade is faster.");

        var reply = Reply(await Collect(Llm(client, prefetchTools: true), Context("compare the first two", ShownThree)));

        var (call, result) = Prefetched(client.Calls.Single());
        call.Name.Should().Be(CatalogToolDeclarations.CompareProducts);
        result.Should().Contain(Nimbus.Sku).And.Contain(Blade.Sku).And.NotContain(Volt.Sku);
        reply.Products.Select(p => p.Product).Should().Equal(Nimbus, Blade);
    }

    [Fact]
    public async Task Tell_me_more_about_the_second_one_sends_that_products_details()
    {
        var client = new ScriptedChatClient().Answers("The Blade has an RTX 4060.");

        var reply = Reply(await Collect(Llm(client, prefetchTools: true), Context("tell me more about the second one", ShownThree)));

        var (call, result) = Prefetched(client.Calls.Single());
        call.Name.Should().Be(CatalogToolDeclarations.GetProduct);
        call.Arguments!["id_or_sku"].Should().Be(Blade.Id.ToString());
        result.Should().Contain("RTX 4060");
        reply.Products.Select(p => p.Product).Should().Equal(Blade);
    }

    [Fact]
    public async Task Cheaper_asks_for_alternatives_to_the_cheapest_shown_product()
    {
        var client = new ScriptedChatClient().Answers("Here is something cheaper.");

        await Collect(Llm(client, prefetchTools: true), Context("cheaper", ShownThree with { LastShownProductIds = [Blade.Id, Volt.Id] }));

        var (call, _) = Prefetched(client.Calls.Single());
        call.Name.Should().Be(CatalogToolDeclarations.GetBudgetAlternatives);
        call.Arguments!["id_or_sku"].Should().Be(Blade.Id.ToString());
        call.Arguments["kind"].Should().Be("cheaper");
    }

    [Fact]
    public async Task The_prefetched_search_carries_the_exclusions_and_the_price_order_and_keeps_them()
    {
        var client = new ScriptedChatClient().Answers("Our cheapest non-gaming laptop is the Nimbus Air 13.");

        var reply = Reply(await Collect(Llm(client, prefetchTools: true), Context("cheapest laptop, no gaming please")));

        var sent = client.Calls.Single();
        var (call, result) = Prefetched(sent);
        call.Arguments!["exclude_features"].Should().BeEquivalentTo(new[] { "gaming" });
        call.Arguments["sort"].Should().Be("price_asc");
        JsonDocument.Parse(FencedJson(result)).RootElement.GetProperty("products").EnumerateArray()
            .Select(p => p.GetProperty("sku").GetString()).Should().Equal(Nimbus.Sku);
        sent.Messages[0].Text.Should().Contain("without gaming", "the prompt's filters say what was ruled out");
        reply.Products.Select(p => p.Product).Should().Equal(Nimbus);
        reply.State.ExcludedFeatures.Should().Equal("gaming");
    }

    [Theory]
    [InlineData("thanks!")]
    [InlineData("do you deliver on weekends?")]
    [InlineData("compare the first two")]
    public async Task Small_talk_unreadable_messages_and_follow_ups_with_nothing_shown_leave_the_first_call_to_the_model(string message)
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop")))
            .Answers("Here you go.");

        await Collect(Llm(client, prefetchTools: true), Context(message));

        client.Calls.Should().HaveCount(2);
        client.Calls[0].Messages.Should().NotContain(m => m.Role == ChatRole.Tool, "nothing was looked up before the model asked");
    }

    [Fact]
    public async Task With_prefetch_off_the_model_makes_its_own_first_search()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "gaming laptop")))
            .Answers("Two fit.");

        await Collect(Llm(client, prefetchTools: false), Context("I need a gaming laptop under $1500"));

        client.Calls.Should().HaveCount(2);
        client.Calls[0].Messages[^1].Role.Should().Be(ChatRole.User);
    }

    [Fact]
    public async Task A_knowledge_question_is_answered_from_its_passages_without_a_catalog_lookup()
    {
        var client = new ScriptedChatClient().Answers("Returns are free for 30 days [1].");
        var passage = new RetrievedPassage(Guid.NewGuid(), Guid.NewGuid(), "Returns", "returns.md", null, null,
            "Returns are free within 30 days.", "Returns are free within 30 days of delivery.", null, 0.9, 1, 1);
        var context = Context("what is your return policy for laptops under $1500?") with { Knowledge = new KnowledgeGrounding([passage], null) };

        await Collect(Llm(client, prefetchTools: true), context);

        client.Calls.Should().ContainSingle().Which.Messages.Should().NotContain(m => m.Role == ChatRole.Tool);
    }

    private static (FunctionCallContent Call, string Result) Prefetched(ScriptedChatClient.RecordedCall sent)
    {
        var assistant = sent.Messages[^2];
        assistant.Role.Should().Be(ChatRole.Assistant);
        var call = assistant.Contents.OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        call.CallId.Should().Be(LocalSalesResponder.PrefetchCallId);
        sent.Messages[^3].Role.Should().Be(ChatRole.User, "the lookup follows the shopper's message");
        var result = sent.Messages[^1].Contents.OfType<FunctionResultContent>().Should().ContainSingle().Subject;
        result.CallId.Should().Be(call.CallId);
        return (call, (string)result.Result!);
    }
}
