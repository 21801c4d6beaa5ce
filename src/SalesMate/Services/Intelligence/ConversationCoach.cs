using SalesMate.Database;
using SalesMate.Services.Intelligence.Structured;
using SalesMate.Services.Llm;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Step 7, coaching: the rules (<see cref="ConversationDirector"/>) work out what is allowed; the hosted model
/// (<see cref="StructuredCoach"/>) chooses among it when <c>llm.structured_coaching</c> is on, a model is configured and
/// the tenant is within its monthly budget; the rules choose otherwise and whenever the model fails.
/// </summary>
public sealed class ConversationCoach(StructuredCoach model, LlmBudget budget, ITenantContext tenant)
{
    public async Task<Coaching> DirectAsync(DirectorInput input, string answer, ResponderContext context, CancellationToken cancellationToken)
    {
        var plan = ConversationDirector.Plan(input);
        if (model.Enabled && !(await budget.CheckAsync(tenant.TenantId, context.TenantSettings, cancellationToken)).Exceeded
            && await model.ChooseAsync(plan, answer, tenant.TenantId, context.ConversationId, context.Accounting, cancellationToken) is { } choice)
        {
            return ConversationDirector.Finish(plan, choice);
        }
        return ConversationDirector.Finish(plan, ConversationDirector.RulesChoice(plan));
    }
}
