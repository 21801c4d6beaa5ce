using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// Section <c>coaching</c>: the defaults of the conversation director's rules (seed 001's COACHING_RULES). A tenant
/// overrides any of them in its settings (<c>settings.coaching.*</c>, see <see cref="Core.Entities.TenantCoaching"/>).
/// </summary>
public sealed class CoachingOptions
{
    public const string Section = "coaching";

    /// <summary>Whether sales nudges are added to answers at all (escalation still works when off).</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary>After this many products shown in a conversation, suggest a visit or demo (once); 0 never does.</summary>
    [ConfigurationKeyName("visit_after_products_viewed")]
    public int VisitAfterProductsViewed { get; set; } = 3;

    /// <summary>The sentence that suggests the visit or demo.</summary>
    [ConfigurationKeyName("visit_offer")]
    public string VisitOffer { get; set; } = "Would you like to book a demo or visit our store for a hands-on look?";

    /// <summary>On a price objection, say what the product shown is worth and offer cheaper alternatives.</summary>
    [ConfigurationKeyName("price_objection_alternatives")]
    public bool PriceObjectionAlternatives { get; set; } = true;

    /// <summary>Ask what budget the shopper has in mind when products were shown and none is known (once).</summary>
    [ConfigurationKeyName("ask_budget")]
    public bool AskBudget { get; set; } = true;

    /// <summary>Say "only N left" for a product shown whose stock is at most this (and above 0); 0 never does.</summary>
    [ConfigurationKeyName("urgency_stock_threshold")]
    public int UrgencyStockThreshold { get; set; } = 5;

    /// <summary>Frustration (0-10) at or above which a human is offered and the conversation flagged for sales.</summary>
    [ConfigurationKeyName("escalation_frustration_threshold")]
    public int EscalationFrustrationThreshold { get; set; } = 7;

    internal IEnumerable<string> Validate()
    {
        if (VisitAfterProductsViewed is < 0 or > 100)
        {
            yield return $"coaching.visit_after_products_viewed must be between 0 and 100; got {VisitAfterProductsViewed}.";
        }
        if (string.IsNullOrWhiteSpace(VisitOffer) || VisitOffer.Length > 300)
        {
            yield return "coaching.visit_offer must be a sentence of 1 to 300 characters.";
        }
        if (UrgencyStockThreshold is < 0 or > 1000)
        {
            yield return $"coaching.urgency_stock_threshold must be between 0 and 1000; got {UrgencyStockThreshold}.";
        }
        if (EscalationFrustrationThreshold is < 1 or > 10)
        {
            yield return $"coaching.escalation_frustration_threshold must be between 1 and 10; got {EscalationFrustrationThreshold}.";
        }
    }
}
