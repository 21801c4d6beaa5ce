using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Tests.Gateway;
using SalesMate.Tests.Understanding;

namespace SalesMate.Tests.Classification;

internal static class ClassificationTestKit
{
    public const string Message =
        "Hi, I'm Jo Smith. Looking for an ASUS laptop between $800 and $1200, reach me at jo.smith@example.com or +1 (555) 123-4567";

    public static readonly CatalogVocabulary Vocabulary = CatalogVocabulary.Build(UnderstandingTestCatalog.Products(), "USD");

    public static StructuredClassifier Classifier(GatewayHarness gateway, bool enabled = true) =>
        new(gateway.Client, gateway.Services.GetRequiredService<IOptions<LlmOptions>>(),
            Options.Create(new StructuredClassificationOptions { StructuredClassification = enabled }));

    public static Task<MessageClassification> ClassifyAsync(GatewayHarness gateway, string message = Message) =>
        Classifier(gateway).ClassifyAsync(message, Vocabulary, gateway.TenantId, gateway.ConversationId, CancellationToken.None);

    /// <summary>A model answer in the schema's shape; pass overrides for the properties a test cares about.</summary>
    public static string Json(string intent = "product_search", decimal? min = 800, decimal? max = 1200, string? currency = "USD",
        string[]? categories = null, string[]? brands = null, string? name = "Jo Smith", string? email = "jo.smith@example.com",
        string? phone = "+1 (555) 123-4567") => new JsonObject
    {
        ["intent"] = intent,
        ["budget"] = new JsonObject { ["min"] = min, ["max"] = max, ["currency"] = currency },
        ["categories"] = new JsonArray([.. (categories ?? ["Laptops"]).Select(c => (JsonNode)JsonValue.Create(c))]),
        ["brands"] = new JsonArray([.. (brands ?? ["ASUS"]).Select(b => (JsonNode)JsonValue.Create(b))]),
        ["contact"] = new JsonObject { ["name"] = name, ["email"] = email, ["phone"] = phone },
    }.ToJsonString();

    /// <summary>What the rules make of <see cref="Message"/> (no name: only "my name is …" is read).</summary>
    public static void ShouldBeTheRulesResult(this MessageClassification result)
    {
        result.Source.Should().Be(MessageClassification.FromRules);
        result.Intent.Should().Be("product_search");
        result.Budget.Should().BeEquivalentTo(new Budget(800m, 1200m, "USD"));
        result.Categories.Should().Equal("Laptops");
        result.Brands.Should().Equal("ASUS");
        result.Contact.Should().Be(new ContactDetails(null, "jo.smith@example.com", "+1 (555) 123-4567"));
    }
}
