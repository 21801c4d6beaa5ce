using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence.Structured;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Profiles;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Step 3, enrichment: the rules (<see cref="RememberedFilters"/>) offer the remembered filters that could apply; the
/// hosted model (<see cref="StructuredEnrichment"/>) chooses which of them do when <c>llm.structured_enrichment</c> is on,
/// a model is configured, something is remembered and the tenant is within its monthly budget; all of them apply
/// otherwise and whenever the model fails. <see cref="ContextInjector"/> writes the chosen ones into the message.
/// </summary>
public sealed class MessageEnricher(StructuredEnrichment model, LlmBudget budget, ITenantContext tenant)
{
    public async Task<EnrichedMessage> EnrichAsync(string message, ParsedQuery parsed, ResponderContext context, CancellationToken cancellationToken)
    {
        var offered = RememberedFilters.Decide(parsed, context.State, context.Profile, context.Catalog);
        if (model.Enabled && !offered.IsEmpty && !(await budget.CheckAsync(tenant.TenantId, context.TenantSettings, cancellationToken)).Exceeded
            && await model.ChooseAsync(message, offered, context.Catalog.Currency, tenant.TenantId, context.ConversationId, context.Accounting,
                cancellationToken) is { } chosen)
        {
            return ContextInjector.Enrich(message, parsed, chosen);
        }
        return ContextInjector.Enrich(message, parsed, offered);
    }
}
