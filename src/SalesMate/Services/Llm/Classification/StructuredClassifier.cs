using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm.Understanding;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace SalesMate.Services.Llm.Classification;

/// <summary>
/// Classifies one shopper message with a small structured-output call (a strict JSON schema through
/// <see cref="AiChatOptions.ResponseFormat"/>, temperature 0, <see cref="MaxOutputTokens"/> tokens, purpose
/// <c>classify</c>): intent, budget, catalog categories and brands, contact details. The answer is validated
/// (<see cref="ClassificationValidator"/>); an invalid one is retried once with the errors, and a second invalid one,
/// or any model failure (provider down, circuit open, timeout, rejected request), falls back to
/// <see cref="RulesClassifier"/>. It never throws for the model; only the caller's cancellation ends it early.
/// </summary>
public sealed class StructuredClassifier(
    IChatClient client,
    IOptions<LlmOptions> llmOptions,
    IOptions<StructuredClassificationOptions>? classificationOptions = null,
    ILogger<StructuredClassifier>? logger = null)
{
    public const int MaxOutputTokens = 256;
    public const int MaxAttempts = 2;

    /// <summary>The Microsoft.Extensions.AI convention for asking an adapter for strict schema adherence.</summary>
    public const string StrictJsonSchemaKey = "strictJsonSchema";

    /// <summary>Longest invalid answer echoed back to the model in the retry.</summary>
    private const int MaxEchoedChars = 2000;

    private readonly ILogger _logger = logger ?? NullLogger<StructuredClassifier>.Instance;

    /// <summary><c>llm.structured_classification</c>: whether the chat should call <see cref="ClassifyAsync"/> each turn.</summary>
    public bool Enabled => classificationOptions?.Value.StructuredClassification == true;

    public async Task<MessageClassification> ClassifyAsync(string message, CatalogVocabulary vocabulary, Guid tenantId,
        Guid? conversationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        message ??= "";
        var messages = ClassificationPrompt.Build(message, vocabulary);
        var calls = 0;
        try
        {
            while (true)
            {
                calls++;
                var response = await client.GetResponseAsync(messages, Options(tenantId, conversationId), cancellationToken);
                var reply = response.Text;
                var outcome = ClassificationValidator.Validate(reply, message, vocabulary);
                if (outcome.Result is { } result)
                {
                    return result with { ModelCalls = calls };
                }
                _logger.LogWarning("Structured classification attempt {Attempt} was invalid: {ValidationErrors}",
                    calls, string.Join("; ", outcome.Errors));
                if (calls >= MaxAttempts)
                {
                    break;
                }
                messages.Add(new ChatMessage(ChatRole.Assistant, reply.Length > MaxEchoedChars ? reply[..MaxEchoedChars] : reply));
                messages.Add(new ChatMessage(ChatRole.User, ClassificationPrompt.Correction(outcome.Errors)));
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Structured classification failed after {ModelCalls} model calls; using the rules", calls);
        }
        return RulesClassifier.Classify(message, vocabulary) with { ModelCalls = calls };
    }

    private AiChatOptions Options(Guid tenantId, Guid? conversationId)
    {
        var model = llmOptions.Value.Model;
        var options = new AiChatOptions
        {
            ModelId = string.IsNullOrWhiteSpace(model) ? null : model,
            Temperature = 0f,
            MaxOutputTokens = MaxOutputTokens,
            ResponseFormat = ClassificationPrompt.ResponseFormat,
        }.For(tenantId, conversationId, LlmPurposes.Classify);
        options.AdditionalProperties![StrictJsonSchemaKey] = true;
        return options;
    }
}
