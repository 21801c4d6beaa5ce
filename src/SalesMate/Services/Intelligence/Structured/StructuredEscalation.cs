using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Escalation (step 8) by the hosted model: one structured-output call (purpose <c>escalate</c>) that decides whether to
/// offer a person now (<see cref="EscalationValidator"/>: it can add an offer, never remove the rules' one). Null means
/// "use the rules": no model, <c>llm.structured_escalation</c> off, or two invalid answers or a model failure.
/// </summary>
public sealed class StructuredEscalation(IOptions<LlmOptions> llm, IOptions<StructuredStepsOptions> steps, ILogger<StructuredEscalation> logger,
    IChatClient? chatClient = null) : StructuredStep(llm, logger, chatClient)
{
    public const int MaxOutputTokens = 40;

    protected override bool Configured => steps.Value.StructuredEscalation;

    public Task<EscalationDecision?> DecideAsync(EscalationInput input, Guid tenantId, Guid? conversationId, LlmAccountingBatch? accounting,
        CancellationToken cancellationToken) =>
        AskAsync(EscalationPrompt.Build(input), EscalationPrompt.ResponseFormat, MaxOutputTokens, LlmPurposes.Escalate,
            reply => EscalationValidator.Validate(reply, input.RulesDecision), tenantId, conversationId, accounting, cancellationToken);
}
