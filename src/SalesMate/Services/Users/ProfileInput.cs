using System.Text.RegularExpressions;

namespace SalesMate.Services.Users;

/// <summary>A profile as the user submits it (seed 000 form); <see cref="Validate"/> lists every broken rule by field.</summary>
public sealed partial record ProfileInput(
    string? DisplayName, decimal? BudgetMin, decimal? BudgetMax, string? Currency,
    IReadOnlyList<string>? Categories, IReadOnlyList<string>? KeyFeatures, IReadOnlyList<string>? ShoppingPreferences)
{
    public const decimal MaxBudget = 1_000_000_000m;
    public const int MaxDisplayName = 100;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field, []), message];

        if (DisplayName is { } name && (name.Trim().Length == 0 || name.Trim().Length > MaxDisplayName))
        {
            Add("display_name", $"display_name must be 1 to {MaxDisplayName} characters.");
        }
        CheckAmount("budget_min", BudgetMin, Add);
        CheckAmount("budget_max", BudgetMax, Add);
        if (BudgetMin is { } min && BudgetMax is { } max && min > max)
        {
            Add("budget_max", $"budget_max ({max}) must not be below budget_min ({min}).");
        }
        if (Currency is { } currency && !CurrencyCode().IsMatch(currency))
        {
            Add("currency", $"currency must be a 3-letter ISO 4217 code such as USD or EUR; got '{Truncate(currency)}'.");
        }
        CheckList("categories", Categories, 60, Add);
        CheckList("key_features", KeyFeatures, 100, Add);
        CheckList("shopping_preferences", ShoppingPreferences, 200, Add);
        return errors;
    }

    private static void CheckAmount(string field, decimal? amount, Action<string, string> add)
    {
        if (amount is not { } value)
        {
            return;
        }
        if (value < 0)
        {
            add(field, $"{field} must not be negative; got {value}.");
        }
        else if (value > MaxBudget)
        {
            add(field, $"{field} must be at most {MaxBudget:0}; got {value}.");
        }
        else if (decimal.Round(value, 2) != value)
        {
            add(field, $"{field} may have at most 2 decimal places; got {value}.");
        }
    }

    private static void CheckList(string field, IReadOnlyList<string>? items, int maxLength, Action<string, string> add)
    {
        if (items is null)
        {
            return;
        }
        if (items.Count > ProfileMerge.MaxListItems)
        {
            add(field, $"{field} may hold at most {ProfileMerge.MaxListItems} entries; got {items.Count}.");
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i]?.Trim() ?? "";
            if (item.Length == 0 || item.Length > maxLength)
            {
                add(field, $"{field}[{i}] must be 1 to {maxLength} characters.");
            }
        }
        foreach (var duplicate in items.Where(v => v is not null).GroupBy(v => v.Trim().ToLowerInvariant()).Where(g => g.Key.Length > 0 && g.Count() > 1))
        {
            add(field, $"{field} lists '{Truncate(duplicate.First().Trim())}' more than once.");
        }
    }

    private static string Truncate(string value) => value.Length > 40 ? value[..40] + "..." : value;

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyCode();
}
