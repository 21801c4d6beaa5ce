using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>The budget keys of section <c>llm</c>: llm.monthly_budget_usd and llm.over_budget.</summary>
public sealed class LlmBudgetOptions
{
    public static readonly string[] OverBudgetModes = ["degrade", "refuse"];

    /// <summary>Default monthly LLM spend limit per tenant in USD; empty for none. A tenant setting overrides it.</summary>
    [ConfigurationKeyName("monthly_budget_usd")]
    public decimal? MonthlyBudgetUsd { get; set; }

    /// <summary>Past the budget: degrade (answer with the local responder) or refuse (a clear error).</summary>
    [ConfigurationKeyName("over_budget")]
    public string OverBudget { get; set; } = "degrade";

    internal IEnumerable<string> Validate()
    {
        if (MonthlyBudgetUsd is < 0)
        {
            yield return $"llm.monthly_budget_usd must not be negative; got {MonthlyBudgetUsd}.";
        }
        if (!OverBudgetModes.Contains(OverBudget))
        {
            yield return OptionErrors.NotOneOf("llm.over_budget", OverBudget, OverBudgetModes);
        }
    }
}
