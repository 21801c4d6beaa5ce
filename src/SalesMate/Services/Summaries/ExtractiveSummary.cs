using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Services.Profiles;
using SalesMate.Vector;

namespace SalesMate.Services.Summaries;

/// <summary>
/// Summaries without a model, built only from what was tracked (filters, products shown, learned facts) and the
/// shopper's own words: nothing in them can be invented.
/// </summary>
public static class ExtractiveSummary
{
    public const int MaxQuotedAsks = 4;
    public const int MaxQuoteChars = 140;

    /// <summary>The rolling summary of the folded messages (and the earlier summary they extend).</summary>
    public static string Rolling(string? previous, IReadOnlyList<Message> folded, ConversationState state, CatalogSnapshot catalog)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(previous))
        {
            parts.Add(previous.Trim());
        }
        if (Need(state) is { } need)
        {
            parts.Add($"The shopper is looking for {need}.");
        }
        if (Budget(state, catalog.Currency) is { } budget)
        {
            parts.Add($"Budget: {budget}.");
        }
        var shown = folded.SelectMany(m => m.Metadata.Products).Select(p => p.Name).Distinct().Take(6).ToList();
        if (shown.Count > 0)
        {
            parts.Add($"Products shown: {string.Join(", ", shown)}.");
        }
        var asks = folded.Where(m => m.Role == MessageRole.User).Select(m => Quote(m.Content)).TakeLast(MaxQuotedAsks).ToList();
        if (asks.Count > 0)
        {
            parts.Add($"The shopper said: {string.Join("; ", asks)}.");
        }
        return string.Join(" ", parts);
    }

    /// <summary>The final summary's prose, from its fields.</summary>
    public static string Final(SummaryDetails details)
    {
        var parts = new List<string>();
        var who = details.Name ?? "The shopper";
        parts.Add(details.Need is { } need ? $"{who} was looking for {need}." : $"{who} chatted with the assistant.");
        if (details.Budget is { } budget)
        {
            parts.Add($"Budget: {budget}.");
        }
        if (details.Products.Count > 0)
        {
            parts.Add($"Products of interest: {string.Join(", ", details.Products)}.");
        }
        if (details.Objections.Count > 0)
        {
            parts.Add($"Objections: {string.Join(", ", details.Objections)}.");
        }
        parts.Add($"Lead is {details.Temperature} (intent to buy {details.IntentScore:0.#}/10, engagement {details.EngagementScore:0.#}/10), sentiment {details.Sentiment}.");
        if (details.NextStep is { } next)
        {
            parts.Add($"Next step: {next}");
        }
        return string.Join(" ", parts);
    }

    public static string? Need(ConversationState state)
    {
        if (state.Categories.Count == 0 && state.Brands.Count == 0 && state.Features.Count == 0)
        {
            return null;
        }
        var what = state.Categories.Count > 0 ? string.Join(" or ", state.Categories) : "products";
        if (state.Brands.Count > 0)
        {
            what += $" from {string.Join(" or ", state.Brands)}";
        }
        if (state.Features.Count > 0)
        {
            what += $" with {string.Join(", ", state.Features)}";
        }
        return what;
    }

    /// <summary>
    /// The conversation's budget as the shopper said it: "around $2,000" stays that, not the range the search used
    /// around it.
    /// </summary>
    public static string? Budget(ConversationState state, string catalogCurrency)
    {
        var currency = state.BudgetCurrency ?? catalogCurrency;
        return state.BudgetTarget is { } target ? $"around {Money.Format(target, currency)}" : Budget(state.BudgetMin, state.BudgetMax, currency);
    }

    public static string? Budget(decimal? min, decimal? max, string currency) => (min, max) switch
    {
        ({ } low, { } high) => $"{Money.Format(low, currency)} to {Money.Format(high, currency)}",
        (null, { } high) => $"up to {Money.Format(high, currency)}",
        ({ } low, null) => $"from {Money.Format(low, currency)}",
        _ => null,
    };

    public static string? Budget(LearnedProfile? profile) =>
        profile?.BudgetCurrency is { } currency ? Budget(profile.BudgetMin, profile.BudgetMax, currency) : null;

    private static string Quote(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return "\"" + (line.Length > MaxQuoteChars ? line[..(MaxQuoteChars - 3)] + "..." : line) + "\"";
    }
}
