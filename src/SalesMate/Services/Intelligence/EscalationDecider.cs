using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence.Structured;
using SalesMate.Services.Llm;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Step 8, escalation: the rules (<see cref="EscalationRules"/>) decide first; the hosted model
/// (<see cref="StructuredEscalation"/>) decides when <c>llm.structured_escalation</c> is on, a model is configured and
/// the tenant is within its monthly budget, and may add an offer but never remove the rules' one; the rules decide
/// otherwise and whenever the model fails.
/// </summary>
public sealed class EscalationDecider(StructuredEscalation model, LlmBudget budget, ITenantContext tenant)
{
    public async Task<EscalationDecision> DecideAsync(string message, string intent, SentimentReading sentiment, ConversationState before,
        CoachingRules rules, ResponderContext context, CancellationToken cancellationToken)
    {
        var decision = EscalationRules.Decide(intent, sentiment, before, rules);
        if (model.Enabled && !(await budget.CheckAsync(tenant.TenantId, context.TenantSettings, cancellationToken)).Exceeded
            && await model.DecideAsync(new EscalationInput(message, intent, sentiment, before, rules, decision), tenant.TenantId,
                context.ConversationId, context.Accounting, cancellationToken) is { } chosen)
        {
            return chosen;
        }
        return decision;
    }
}
