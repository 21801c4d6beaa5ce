using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Profiles;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Enrichment (step 3) by the hosted model: one structured-output call (purpose <c>enrich</c>) that decides which of the
/// remembered filters the rules offer apply to this message (<see cref="EnrichmentValidator"/>: it may only drop, never
/// add a value). Null means "use the rules": no model, <c>llm.structured_enrichment</c> off, or two invalid answers or
/// a model failure.
/// </summary>
public sealed class StructuredEnrichment(IOptions<LlmOptions> llm, IOptions<StructuredStepsOptions> steps, ILogger<StructuredEnrichment> logger,
    IChatClient? chatClient = null) : StructuredStep(llm, logger, chatClient)
{
    public const int MaxOutputTokens = 80;

    protected override bool Configured => steps.Value.StructuredEnrichment;

    public Task<RememberedFilters?> ChooseAsync(string message, RememberedFilters offered, string currency, Guid tenantId, Guid? conversationId,
        LlmAccountingBatch? accounting, CancellationToken cancellationToken) =>
        AskAsync(EnrichmentPrompt.Build(message, offered, currency), EnrichmentPrompt.ResponseFormat, MaxOutputTokens, LlmPurposes.Enrich,
            reply => EnrichmentValidator.Validate(reply, offered), tenantId, conversationId, accounting, cancellationToken);
}
