using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;

namespace SalesMate.Services.Llm;

public sealed record BudgetStatus(bool Exceeded, decimal Spent, decimal? Budget, string OverBudget);

/// <summary>
/// A tenant's monthly LLM budget (tenant setting, else llm.monthly_budget_usd). Past it, chat degrades to the local
/// responder or refuses, per llm.over_budget. Checked on every turn, so the limit holds as soon as it is reached: one
/// primary-key lookup when no budget is set, plus one SUM over the month's llm_requests when one is.
/// </summary>
public sealed class LlmBudget(IServiceScopeFactory scopes, IOptions<LlmBudgetOptions> options, TimeProvider clock)
{
    /// <param name="settings">The tenant's settings when the caller has them already; otherwise they are read.</param>
    public async Task<BudgetStatus> CheckAsync(Guid tenantId, TenantSettings? settings, CancellationToken cancellationToken)
    {
        if (settings is not null && (settings.MonthlyBudgetUsd ?? options.Value.MonthlyBudgetUsd) is null)
        {
            return new BudgetStatus(false, 0m, null, options.Value.OverBudget); // no budget applies: no query at all
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        settings ??= await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Settings).FirstAsync(cancellationToken);
        var budget = settings.MonthlyBudgetUsd ?? options.Value.MonthlyBudgetUsd;
        if (budget is null)
        {
            return new BudgetStatus(false, 0m, null, options.Value.OverBudget);
        }
        var spent = await scope.ServiceProvider.GetRequiredService<UsageRepository>().MonthToDateCostAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);
        return new BudgetStatus(spent >= budget, spent, budget, options.Value.OverBudget);
    }
}
