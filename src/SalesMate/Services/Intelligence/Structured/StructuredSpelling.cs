using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Preprocessing (step 2) by the hosted model: one structured-output call (purpose <c>preprocess</c>) that maps the
/// message's spellings of catalog entities to the catalog's own ("sarjapur rd" -> "Sarjapur Road"), checked by
/// <see cref="SpellingValidator"/> (entities the catalog does not have are dropped). Null means "use the rules": no
/// model, <c>llm.structured_preprocessing</c> off, or two invalid answers or a model failure.
/// </summary>
public sealed class StructuredSpelling(IOptions<LlmOptions> llm, IOptions<StructuredStepsOptions> steps, ILogger<StructuredSpelling> logger,
    IChatClient? chatClient = null) : StructuredStep(llm, logger, chatClient)
{
    public const int MaxOutputTokens = 200;

    protected override bool Configured => steps.Value.StructuredPreprocessing;

    internal Task<PreprocessedQuery?> NormalizeAsync(string message, CatalogSpelling spelling, Guid tenantId, Guid? conversationId,
        LlmAccountingBatch? accounting, CancellationToken cancellationToken)
    {
        var entities = spelling.Entities.Values.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return AskAsync(SpellingPrompt.Build(message, entities), SpellingPrompt.ResponseFormat, MaxOutputTokens, LlmPurposes.Preprocess,
            reply => SpellingValidator.Validate(reply, message, entities), tenantId, conversationId, accounting, cancellationToken);
    }
}
