using SalesMate.Config;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>Looks models up in <c>llm.prices</c> (USD per million tokens) and computes exact decimal costs.</summary>
public sealed class LlmPriceTable(IReadOnlyDictionary<string, LlmPrice> prices)
{
    private const decimal Million = 1_000_000m;

    /// <summary>
    /// The price of the first of <paramref name="models"/> found: exact key (case-insensitive), else the longest key that
    /// prefixes the model id (so "gpt-4o-mini" prices "gpt-4o-mini-2024-07-18").
    /// </summary>
    public LlmPrice? Find(params string?[] models)
    {
        foreach (var model in models)
        {
            if (string.IsNullOrEmpty(model))
            {
                continue;
            }
            var exact = prices.FirstOrDefault(p => string.Equals(p.Key, model, StringComparison.OrdinalIgnoreCase));
            if (exact.Value is not null)
            {
                return exact.Value;
            }
            var prefix = prices.Where(p => model.StartsWith(p.Key, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(p => p.Key.Length).FirstOrDefault();
            if (prefix.Value is not null)
            {
                return prefix.Value;
            }
        }
        return null;
    }

    /// <summary>prompt × prompt price + completion × completion price, per million, in exact decimal arithmetic.</summary>
    public static decimal Cost(LlmPrice price, long promptTokens, long completionTokens) =>
        (promptTokens * price.PromptPerMillion + completionTokens * price.CompletionPerMillion) / Million;
}
