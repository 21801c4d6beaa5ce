using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Coaching (step 7) by the hosted model: one structured-output call (purpose <c>coach</c>) that picks the stage, the
/// engagement and which of the nudges the rules allow now to give (<see cref="CoachingValidator"/>). It never writes
/// text: the nudges' sentences and the stock-based urgency line come from the rules. Null means "use the rules":
/// no model, <c>llm.structured_coaching</c> off, or two invalid answers or a model failure.
/// </summary>
public sealed class StructuredCoach(IOptions<LlmOptions> llm, IOptions<StructuredStepsOptions> steps, ILogger<StructuredCoach> logger,
    IChatClient? chatClient = null) : StructuredStep(llm, logger, chatClient)
{
    public const int MaxOutputTokens = 60;

    protected override bool Configured => steps.Value.StructuredCoaching;

    public Task<CoachingChoice?> ChooseAsync(CoachingPlan plan, string answer, Guid tenantId, Guid? conversationId,
        LlmAccountingBatch? accounting, CancellationToken cancellationToken) =>
        AskAsync(CoachingPrompt.Build(plan, answer), CoachingPrompt.ResponseFormat, MaxOutputTokens, LlmPurposes.Coach,
            reply => CoachingValidator.Validate(reply, plan), tenantId, conversationId, accounting, cancellationToken);
}
