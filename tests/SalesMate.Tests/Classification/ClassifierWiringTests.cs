using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Responders;
using SalesMate.Tests.Responders;
using static SalesMate.Tests.Responders.ResponderTestKit;
using ChatSettings = SalesMate.Config.ChatOptions;

namespace SalesMate.Tests.Classification;

/// <summary>llm.structured_classification in the LLM responder, and the DI lines proposed for SalesMateServices.</summary>
public sealed class ClassifierWiringTests
{
    private const string ClassifierJson =
        "{\"intent\":\"price_objection\",\"budget\":{\"min\":null,\"max\":null,\"currency\":null},\"categories\":[],\"brands\":[],"
        + "\"contact\":{\"name\":null,\"email\":null,\"phone\":null}}";

    private static LlmSalesResponder Responder(IChatClient client, bool enabled)
    {
        var llm = Options.Create(new LlmOptions { Provider = "openai", Model = "gpt-test" });
        var classifier = new StructuredClassifier(client, llm,
            Options.Create(new StructuredClassificationOptions { StructuredClassification = enabled }));
        return new LlmSalesResponder(client, Local(), Engine, llm, Options.Create(new ChatSettings { MaxProducts = 3 }), Tenant(),
            classifier: classifier);
    }

    [Fact]
    public async Task When_enabled_the_turns_intent_is_the_classifiers()
    {
        var client = new ScriptedChatClient().Answers(ClassifierJson).Answers("I understand; here is what fits.");
        var context = Context("these laptops are way too expensive for me");

        var updates = await Collect(Responder(client, enabled: true), context);

        updates.OfType<IntentUpdate>().Single().Intent.Should().Be(ClassificationIntents.PriceObjection);
        Reply(updates).Intent.Should().Be(ClassificationIntents.PriceObjection);
        Reply(updates).State.LastIntent.Should().Be(ClassificationIntents.PriceObjection);
        client.Calls.Should().HaveCount(2);
        client.Calls[0].Options!.Purpose().Should().Be(LlmPurposes.Classify);
        client.Calls[0].Options!.ResponseFormat.Should().BeOfType<ChatResponseFormatJson>();
        client.Calls[0].Options!.ConversationId().Should().Be(context.ConversationId);
        client.Calls[1].Options!.Purpose().Should().Be(LlmPurposes.Chat);
    }

    [Fact]
    public async Task When_the_classifier_fails_the_turn_uses_the_rules_intent()
    {
        var client = new ScriptedChatClient().Fails(new InvalidOperationException("boom")).Answers("Here you go.");

        var updates = await Collect(Responder(client, enabled: true), Context("compare the first two"));

        updates.OfType<IntentUpdate>().Single().Intent.Should().Be(Intents.Comparison);
    }

    [Fact]
    public async Task When_disabled_no_classification_call_is_made()
    {
        var client = new ScriptedChatClient().Answers("Here you go.");

        var updates = await Collect(Responder(client, enabled: false), Context("these laptops are way too expensive"));

        client.Calls.Should().ContainSingle().Which.Options!.Purpose().Should().Be(LlmPurposes.Chat);
        updates.OfType<IntentUpdate>().Single().Intent.Should().Be(Intents.BudgetAlternative);
    }

    [Theory]
    [InlineData("openai-compatible", "true", true)]
    [InlineData("openai-compatible", null, false)]
    [InlineData("local", "true", null)]
    public void The_proposed_registration_binds_the_flag_and_has_no_classifier_without_a_model(string llmProvider, string? flag, bool? enabled)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["llm:provider"] = llmProvider,
            ["llm:base_url"] = "http://127.0.0.1:9/v1",
            ["llm:model"] = "gpt-fake",
            ["llm:structured_classification"] = flag,
        }).Build());
        services.AddLogging();
        services.AddSalesMateCore();
        // The lines proposed for SalesMateServices / OptionsRegistration (AddValidated is private there):
        services.AddOptions<StructuredClassificationOptions>().BindConfiguration(LlmOptions.Section);
        services.AddSingleton(sp => sp.GetService<IChatClient>() is { } client
            ? ActivatorUtilities.CreateInstance<StructuredClassifier>(sp, client) : null!);
        using var provider = services.BuildServiceProvider();

        var classifier = provider.GetService<StructuredClassifier>();
        (classifier is null).Should().Be(enabled is null);
        classifier?.Enabled.Should().Be(enabled!.Value);
    }
}
