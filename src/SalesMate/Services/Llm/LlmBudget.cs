using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;
using SalesMate.Repositories;

namespace SalesMate.Services.Llm;

public sealed record BudgetStatus(bool Exceeded, decimal Spent, decimal? Budget, string OverBudget);

/// <summary>
/// A tenant's monthly LLM budget (tenant setting, else llm.monthly_budget_usd). Past it, chat degrades to the local
/// responder or refuses, per llm.over_budget. Month-to-date spend is cached for a few seconds per tenant.
/// </summary>
public sealed class LlmBudget(IServiceScopeFactory scopes, IOptions<LlmBudgetOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<Guid, (DateTime At, BudgetStatus Status)> _cache = new();

    public async Task<BudgetStatus> CheckAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue(tenantId, out var cached) && now - cached.At < CacheFor)
        {
            return cached.Status;
        }
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var settings = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Settings).FirstAsync(cancellationToken);
        var budget = settings.MonthlyBudgetUsd ?? options.Value.MonthlyBudgetUsd;
        var spent = budget is null ? 0 : await scope.ServiceProvider.GetRequiredService<UsageRepository>().MonthToDateCostAsync(now, cancellationToken);
        var status = new BudgetStatus(budget is { } limit && spent >= limit, spent, budget, options.Value.OverBudget);
        _cache[tenantId] = (now, status);
        return status;
    }
}
