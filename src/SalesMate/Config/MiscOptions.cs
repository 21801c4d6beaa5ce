using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>ui</c> (seed 003).</summary>
public sealed class UiOptions
{
    public const string Section = "ui";

    [ConfigurationKeyName("sse_enabled")]
    public bool SseEnabled { get; set; } = true;

    [ConfigurationKeyName("allow_basic_html")]
    public bool AllowBasicHtml { get; set; } = true;
}

/// <summary>Section <c>currency</c>: rates to one US dollar, used when a shopper's budget is in another currency than the catalog.</summary>
public sealed class CurrencyOptions
{
    public const string Section = "currency";

    [ConfigurationKeyName("usd_rates")]
    public Dictionary<string, decimal> UsdRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    internal IEnumerable<string> Validate()
    {
        foreach (var (code, rate) in UsdRates)
        {
            if (code.Length != 3 || rate <= 0)
            {
                yield return $"currency.usd_rates.{code} must be a positive rate for a 3-letter currency code; got {rate}.";
            }
        }
    }
}

internal static class OptionErrors
{
    public static string NotOneOf(string key, string? value, IEnumerable<string> allowed) =>
        $"{key} must be one of {string.Join(", ", allowed)}; got '{value}'.";
}
