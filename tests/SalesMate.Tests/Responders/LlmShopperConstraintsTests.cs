using System.Text.Json;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Responders;
using static SalesMate.Tests.Responders.ResponderTestKit;

namespace SalesMate.Tests.Responders;

/// <summary>The hosted model's catalog tools keep what the shopper ruled out and the price order they asked for.</summary>
public sealed class LlmShopperConstraintsTests
{
    private static readonly ConversationState NoGaming = new() { Categories = ["Laptops"], ExcludedFeatures = ["gaming"] };

    [Fact]
    public async Task A_search_without_sort_after_most_expensive_lists_the_dearest_first()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop")))
            .Answers("The Titan is our top model.");

        var reply = Reply(await Collect(Llm(client), Context("what is your most expensive laptop?")));

        Skus(ToolResults(client.Calls[1]).Single()).Should().Equal(Titan.Sku, Volt.Sku, Blade.Sku);
        reply.Products.Select(p => p.Product).Should().Equal(Titan, Volt, Blade);
    }

    [Fact]
    public async Task Sort_price_desc_orders_the_results_by_price_and_says_so()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop"), ("sort", "price_desc")))
            .Answers("From the top.");

        var reply = Reply(await Collect(Llm(client), Context("show me laptops")));

        var result = JsonDocument.Parse(FencedJson(ToolResults(client.Calls[1]).Single())).RootElement;
        result.GetProperty("sort").GetString().Should().Be("price_desc");
        reply.Products.Select(p => p.Product.Price).Should().Equal(2499m, 1449m, 1299m);
    }

    [Fact]
    public async Task The_models_relevance_sort_wins_over_the_messages_price_order()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop"), ("sort", "relevance")))
            .Answers("Here are the best matches.");

        var reply = Reply(await Collect(Llm(client), Context("what is your most expensive laptop?")));

        reply.Products[0].Product.Should().NotBe(Titan);
    }

    [Fact]
    public async Task A_search_for_a_ruled_out_feature_shows_only_products_without_it_and_says_what_was_ruled_out()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop"), ("features", new[] { "gaming" })))
            .Answers("Only the Nimbus.");

        var reply = Reply(await Collect(Llm(client), Context("anything else?", NoGaming)));

        var result = ToolResults(client.Calls[1]).Single();
        Skus(result).Should().Equal(Nimbus.Sku);
        JsonDocument.Parse(FencedJson(result)).RootElement.GetProperty("excluded_features").EnumerateArray()
            .Select(f => f.GetString()).Should().Equal("gaming");
        reply.Products.Select(p => p.Product).Should().Equal(Nimbus);
    }

    [Fact]
    public async Task Exclusions_the_model_passes_apply_to_this_search()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.SearchProducts, Args(("query", "laptop"), ("exclude_brands", new[] { "acme" })))
            .Answers("The Nimbus.");

        var reply = Reply(await Collect(Llm(client), Context("show me laptops")));

        reply.Products.Select(p => p.Product).Should().Equal(Nimbus);
    }

    [Fact]
    public async Task Budget_alternatives_never_offer_a_ruled_out_brand()
    {
        var client = new ScriptedChatClient()
            .CallsTool(CatalogToolDeclarations.GetBudgetAlternatives, Args(("id_or_sku", Titan.Sku), ("kind", "cheaper")))
            .Answers("Something cheaper.");
        var state = new ConversationState { Categories = ["Laptops"], ExcludedBrands = ["Acme"], LastShownProductIds = [Titan.Id] };

        var reply = Reply(await Collect(Llm(client), Context("hmm, what else?", state)));

        reply.Products.Select(p => p.Product).Should().Equal(Nimbus);
    }

    private static List<string?> Skus(string fenced) =>
        JsonDocument.Parse(FencedJson(fenced)).RootElement.GetProperty("products").EnumerateArray()
            .Select(p => p.GetProperty("sku").GetString()).ToList();
}
