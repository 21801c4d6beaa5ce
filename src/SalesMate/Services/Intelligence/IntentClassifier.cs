using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Seed 001's intent classifier, step 4: the structured-output model call (<see cref="StructuredClassifier"/>, which
/// also reads sentiment and frustration) when <c>llm.structured_classification</c> is on, a model is configured and
/// the tenant is within its monthly budget; <see cref="RulesClassifier"/> otherwise and whenever the model fails.
/// </summary>
public sealed class IntentClassifier(StructuredClassifier? structured, LlmBudget budget, ITenantContext tenant)
{
    public async Task<MessageClassification> ClassifyAsync(string message, CatalogSnapshot catalog, TenantSettings? settings,
        Guid conversationId, CancellationToken cancellationToken)
    {
        if (structured is { Enabled: true } && !(await budget.CheckAsync(tenant.TenantId, settings, cancellationToken)).Exceeded)
        {
            return await structured.ClassifyAsync(message, catalog.Vocabulary, tenant.TenantId, conversationId, cancellationToken);
        }
        return RulesClassifier.Classify(message, catalog.Vocabulary, catalog.Parser);
    }
}
