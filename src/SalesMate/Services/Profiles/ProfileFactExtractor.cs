using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Vector;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace SalesMate.Services.Profiles;

/// <summary>
/// Extracts profile facts from one shopper message: with the hosted model (strict JSON schema, temperature 0, purpose
/// <c>extract</c>) when <c>profile.model_extraction</c> is on and a provider is configured, the rules otherwise. A
/// model failure or an invalid answer falls back to the rules; only the caller's cancellation ends it early.
/// </summary>
public sealed class ProfileFactExtractor(IOptions<ProfileLearningOptions> options, IOptions<LlmOptions> llm,
    ILogger<ProfileFactExtractor> logger, IChatClient? chatClient = null)
{
    public const int MaxOutputTokens = 400;

    private IChatClient? Client => options.Value.ModelExtraction ? chatClient : null;

    public async Task<FactExtraction> ExtractAsync(string message, CatalogSnapshot catalog, IReadOnlyList<string> productsOfInterest,
        Guid tenantId, Guid conversationId, Llm.Gateway.LlmAccountingBatch? accounting, CancellationToken cancellationToken)
    {
        var rules = ProfileFactRules.Extract(message, catalog, productsOfInterest);
        if (Client is not { } client)
        {
            return rules;
        }
        try
        {
            var model = llm.Value.Model;
            var chatOptions = new AiChatOptions
            {
                ModelId = string.IsNullOrWhiteSpace(model) ? null : model,
                Temperature = 0f,
                MaxOutputTokens = MaxOutputTokens,
                ResponseFormat = ExtractionPrompt.ResponseFormat,
            }.For(tenantId, conversationId, LlmPurposes.Extract).DeferAccountingTo(accounting);
            chatOptions.AdditionalProperties![Llm.Classification.StructuredClassifier.StrictJsonSchemaKey] = true;
            var response = await client.GetResponseAsync(ExtractionPrompt.Build(message, catalog), chatOptions, cancellationToken);
            if (ExtractionValidator.Validate(response.Text, message, catalog) is { } facts)
            {
                // The shown products are known for certain; the model may not have seen their names in the message.
                var products = rules.Facts.Where(f => f.Kind == ProfileFactKinds.Product);
                return new FactExtraction([.. facts, .. products.Where(p => !facts.Contains(p))], ProfileFactSources.Model);
            }
            logger.LogWarning("Profile extraction answer was not valid; using the rules");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Profile extraction by the model failed; using the rules");
        }
        return rules;
    }
}
