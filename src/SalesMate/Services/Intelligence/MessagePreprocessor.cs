using System.Diagnostics;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence.Structured;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Step 2, preprocessing: the hosted model's spelling normalisation (<see cref="StructuredSpelling"/>) when
/// <c>llm.structured_preprocessing</c> is on, a model is configured and the tenant is within its monthly budget, with
/// the rules (<see cref="QueryPreprocessor"/>) then run on its text for anything it left; the rules alone otherwise
/// and whenever the model fails. A stop while the model is asked leaves the rules' result (the turn then stops).
/// </summary>
public sealed class MessagePreprocessor(QueryPreprocessor rules, StructuredSpelling model, LlmBudget budget, ITenantContext tenant)
{
    public async Task<PreprocessedQuery> PreprocessAsync(string message, CatalogSnapshot catalog, TenantSettings? settings, Guid conversationId,
        LlmAccountingBatch? accounting, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await ByModelAsync(message, catalog, settings, conversationId, accounting, cancellationToken) ?? rules.Preprocess(message, catalog);
        return result with { Milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds };
    }

    private async Task<PreprocessedQuery?> ByModelAsync(string message, CatalogSnapshot catalog, TenantSettings? settings, Guid conversationId,
        LlmAccountingBatch? accounting, CancellationToken cancellationToken)
    {
        if (!model.Enabled || string.IsNullOrWhiteSpace(message) || catalog.Products.Count == 0)
        {
            return null;
        }
        try
        {
            if ((await budget.CheckAsync(tenant.TenantId, settings, cancellationToken)).Exceeded
                || await model.NormalizeAsync(message, rules.SpellingOf(catalog), tenant.TenantId, conversationId, accounting, cancellationToken)
                    is not { } normalized)
            {
                return null;
            }
            var rest = rules.Preprocess(normalized.Text, catalog);
            return new PreprocessedQuery(message, rest.Text, [.. normalized.Corrections, .. rest.Corrections]) { Source = normalized.Source };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
