using System.Text.Json;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Admin;

public static partial class TenantSettingsPatch
{
    /// <summary><c>settings.coaching</c>: each rule's override; null clears it (back to coaching.*), and null for the whole object clears all.</summary>
    private static TenantCoaching Coaching(TenantCoaching current, JsonElement value, string prefix, PatchFields fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return new TenantCoaching();
        }
        var coaching = current;
        foreach (var member in fields.Members(value, prefix))
        {
            var field = $"{prefix}.{member.Name}";
            var v = member.Value;
            coaching = member.Name switch
            {
                "enabled" => coaching with { Enabled = fields.Bool(v, field) },
                "visit_after_products_viewed" => coaching with { VisitAfterProductsViewed = fields.WholeNumber(v, field, 0, 100) },
                "visit_offer" => coaching with { VisitOffer = fields.Text(v, field, 300) },
                "price_objection_alternatives" => coaching with { PriceObjectionAlternatives = fields.Bool(v, field) },
                "ask_budget" => coaching with { AskBudget = fields.Bool(v, field) },
                "urgency_stock_threshold" => coaching with { UrgencyStockThreshold = fields.WholeNumber(v, field, 0, 1000) },
                "escalation_frustration_threshold" => coaching with { EscalationFrustrationThreshold = fields.WholeNumber(v, field, 1, 10) },
                _ => UnknownCoaching(coaching, field, fields),
            };
        }
        return coaching;
    }

    private static TenantCoaching UnknownCoaching(TenantCoaching coaching, string field, PatchFields fields)
    {
        fields.Unknown(field);
        return coaching;
    }
}
