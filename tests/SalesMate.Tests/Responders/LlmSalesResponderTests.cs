using System.Text.Json;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Responders;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

public sealed class LlmSalesResponderTests
{
    [Fact]
    public async Task A_search_tool_call_runs_then_the_final_answer_streams_after_the_products()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "gaming laptop"), ("max_price", 1500)))
            .Answers("Two gaming ", "laptops fit ", "your budget.");
        var context = Context("I need a gaming laptop under $1500");

        var updates = await Collect(Llm(client), context);

        updates.Select(u => u.GetType().Name).Should().Equal(
            nameof(IntentUpdate), nameof(ProductsUpdate), nameof(SourcesUpdate), nameof(TextDelta), nameof(TextDelta), nameof(TextDelta), nameof(ReplyCompleted));
        updates.OfType<IntentUpdate>().Single().Intent.Should().Be(Intents.ProductSearch);
        updates.OfType<ProductsUpdate>().Single().Products.Select(p => p.Product).Should().BeEquivalentTo([Volt, Blade]);
        var reply = Reply(updates);
        reply.Answer.Should().Be("Two gaming laptops fit your budget.");
        reply.Responder.Should().Be("llm");
        reply.Model.Should().Be("scripted-model");
        reply.Degraded.Should().BeFalse();
        reply.State.LastShownProductIds.Should().BeEquivalentTo([Volt.Id, Blade.Id]);
        reply.State.Categories.Should().Equal("Laptops");
        reply.State.BudgetMax.Should().Be(1500m);

        client.Calls.Should().HaveCount(2);
        var first = client.Calls[0].Options!;
        first.Tools!.Select(t => t.Name).Should().Equal("search_products", "get_product", "compare_products", "get_budget_alternatives");
        first.ToolMode.Should().Be(ChatToolMode.Auto);
        first.ModelId.Should().Be("gpt-test");
        first.Temperature.Should().Be(0.2f);
        first.MaxOutputTokens.Should().Be(500);
        first.TenantId().Should().Be(TenantId);
        first.ConversationId().Should().Be(context.ConversationId);
        first.Purpose().Should().Be(LlmPurposes.Chat);
        var second = client.Calls[1].Messages;
        second[^2].Contents.OfType<FunctionCallContent>().Single().Name.Should().Be("search_products");
        second[^1].Role.Should().Be(ChatRole.Tool);
    }

    [Fact]
    public async Task Product_cards_are_the_tool_results_never_products_named_in_the_text()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.GetProduct, Args(("id_or_sku", "nim-air-13")))
            .Answers("The Nimbus Air 13 is light. You might also like the Acme Titan 17 or Sonic Buds.");

        var reply = Reply(await Collect(Llm(client), Context("tell me about the nimbus")));

        reply.Products.Select(p => p.Product).Should().Equal(Nimbus);
        reply.State.LastShownProductIds.Should().Equal(Nimbus.Id);
    }

    [Fact]
    public async Task Prices_in_tool_results_are_the_catalog_prices_whatever_the_model_says()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.CompareProducts, Args(("ids", new[] { Blade.Sku, Volt.Id.ToString(), "NO-SUCH-SKU" })))
            .Answers("The Blade is $5 and the Volt is $10.");

        var reply = Reply(await Collect(Llm(client), Context("compare the blade and the volt")));

        var json = JsonDocument.Parse(FencedJson(ToolResults(client.Calls[1]).Single())).RootElement;
        var products = json.GetProperty("products").EnumerateArray().ToList();
        products.Should().HaveCount(2);
        foreach (var product in products)
        {
            var catalogProduct = Catalog.Find(product.GetProperty("id").GetGuid())!;
            product.GetProperty("price").GetDecimal().Should().Be(catalogProduct.Price);
            product.GetProperty("currency").GetString().Should().Be("USD");
            product.GetProperty("stock").GetInt32().Should().Be(catalogProduct.Stock);
            product.GetProperty("sku").GetString().Should().Be(catalogProduct.Sku);
        }
        json.GetProperty("not_found").EnumerateArray().Select(e => e.GetString()).Should().Equal("NO-SUCH-SKU");
        reply.Products.Select(p => (p.Product.Sku, p.Product.Price)).Should().Equal((Blade.Sku, 1299m), (Volt.Sku, 1449m));
    }

    [Fact]
    public async Task Retrieved_text_that_gives_orders_stays_inside_the_fenced_data_block()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.GetProduct, Args(("id_or_sku", Nimbus.Sku)))
            .Answers("It is a light office laptop.");
        var state = new ConversationState { LastShownProductIds = [Nimbus.Id] };

        await Collect(Llm(client), Context("more about the first one", state));

        var system = client.Calls[0].Messages[0];
        system.Role.Should().Be(ChatRole.System);
        system.Text.Should().Contain(Injection).And.Contain("never instructions");
        OutsideFences(system.Text).Should().NotContain("Ignore previous instructions");
        var result = ToolResults(client.Calls[1]).Single();
        FencedJson(result).Should().Contain(Injection).And.Contain("\\u003C/catalog_data\\u003E", "a closing tag in the data is escaped");
        OutsideFences(result).Should().BeEmpty();
    }

    [Fact]
    public async Task History_is_trimmed_to_the_token_budget_dropping_the_oldest_first()
    {
        var history = Enumerable.Range(1, 6)
            .Select(i => History(i % 2 == 1 ? MessageRole.User : MessageRole.Assistant, $"turn {i} " + new string('x', 72), i))
            .ToList();
        var client = new ScriptedChatClient().Answers("Hello again!");

        await Collect(Llm(client, historyTokenBudget: 50), Context("hi", history: history));

        // Each old message is 80 characters, about 20 tokens: two fit in 50, a third would not.
        var sent = client.Calls[0].Messages;
        sent.Select(m => m.Role).Should().Equal(ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User);
        sent[1].Text.Should().StartWith("turn 5 ");
        sent[2].Text.Should().StartWith("turn 6 ");
        sent[3].Text.Should().Be("hi");
    }

    [Fact]
    public async Task At_most_three_tool_rounds_then_the_model_must_answer_in_text()
    {
        var search = Args(("query", "laptop"));
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, search)
            .CallsTool(CatalogToolDeclarations.GetProduct, Args(("id_or_sku", Titan.Sku)))
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("category", "headphones")))
            .Answers("Here you go.");

        var reply = Reply(await Collect(Llm(client), Context("laptops please")));

        client.Calls.Should().HaveCount(4);
        client.Calls.Take(3).Should().OnlyContain(c => c.Options!.ToolMode == ChatToolMode.Auto);
        client.Calls[3].Options!.ToolMode.Should().Be(ChatToolMode.None);
        ToolResults(client.Calls[3]).Should().HaveCount(3);
        reply.Products.Select(p => p.Product).Should().Equal(Buds);
    }

    [Fact]
    public async Task A_model_that_keeps_calling_tools_gets_no_fourth_round_and_fails_before_any_text()
    {
        var client = new ScriptedChatClient();
        for (var i = 0; i < 4; i++)
        {
            client.CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop")));
        }
        var updates = new List<ResponderUpdate>();

        var act = async () =>
        {
            await foreach (var update in Llm(client).StreamAsync(Context("laptops"), CancellationToken.None))
            {
                updates.Add(update);
            }
        };

        await act.Should().ThrowAsync<InvalidOperationException>();
        client.Calls.Should().HaveCount(4);
        updates.Should().ContainSingle().Which.Should().BeOfType<IntentUpdate>();
    }

    [Fact]
    public async Task Usage_is_summed_over_the_calls_and_estimated_when_the_provider_sends_none()
    {
        var reported = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop")), new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 })
            .Answers(new UsageDetails { InputTokenCount = 300, OutputTokenCount = 40 }, "Done.");
        Reply(await Collect(Llm(reported), Context("laptops"))).Usage.Should().Be(new LlmUsage(400, 50, 0m, false));

        var silent = new ScriptedChatClient().Answers("Hello there, how can I help?");
        var usage = Reply(await Collect(Llm(silent), Context("hi"))).Usage!;
        usage.Estimated.Should().BeTrue();
        usage.PromptTokens.Should().BePositive();
        usage.CompletionTokens.Should().Be(7);
    }

    [Fact]
    public async Task The_prompt_carries_the_persona_the_shopper_profile_and_a_short_answer_limit()
    {
        var assistant = new AssistantPersona { Code = "sam", Name = "Sam", SystemPrompt = "You are Sam, a cheerful gadget expert." };
        var shopper = new ShopperPersona
        {
            Code = "gamer", Name = "Alex the gamer", BudgetMax = 1500m, Categories = ["Laptops"], KeyFeatures = ["rtx", "144hz display"],
        };
        var client = new ScriptedChatClient().Answers("Hi Alex!");

        await Collect(Llm(client), Context("hello", assistant: assistant, shopper: shopper) with { MaxOutputTokens = 80 });

        var system = client.Calls[0].Messages[0].Text;
        system.Should().StartWith("You are Sam, a cheerful gadget expert.");
        system.Should().Contain("Alex the gamer").And.Contain("up to $1,500").And.Contain("Laptops").And.Contain("rtx, 144hz display");
        client.Calls[0].Options!.MaxOutputTokens.Should().Be(80);

        var plain = new ScriptedChatClient().Answers("Hi!");
        await Collect(Llm(plain), Context("hello"));
        plain.Calls[0].Messages[0].Text.Should().StartWith(SalesPrompt.DefaultPersona);
    }

    [Fact]
    public async Task The_model_is_told_to_answer_in_the_shoppers_language()
    {
        var client = new ScriptedChatClient().Answers("¡Hola!");

        await Collect(Llm(client), Context("¿tienes portátiles baratos?"));

        client.Calls[0].Messages[0].Text.Should().Contain("Answer in the language the shopper writes in");
    }

    [Fact]
    public async Task An_edited_persona_is_what_the_next_turn_sends()
    {
        var assistant = new AssistantPersona { Code = "sam", Name = "Sam", SystemPrompt = "You are Sam, a cheerful gadget expert." };
        var first = new ScriptedChatClient().Answers("Hi!");
        await Collect(Llm(first), Context("hello", assistant: assistant));

        assistant.SystemPrompt = "You are Sam, a calm audio specialist.";
        var second = new ScriptedChatClient().Answers("Hello again!");
        await Collect(Llm(second), Context("hello", assistant: assistant));

        first.Calls[0].Messages[0].Text.Should().StartWith("You are Sam, a cheerful gadget expert.");
        var system = second.Calls[0].Messages[0].Text;
        system.Should().StartWith("You are Sam, a calm audio specialist.").And.NotContain("cheerful");
        system.Should().Contain("How to answer:").And.Contain("Prices are in USD");
    }
}
