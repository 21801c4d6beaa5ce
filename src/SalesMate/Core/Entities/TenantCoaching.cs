namespace SalesMate.Core.Entities;

/// <summary>A tenant's coaching rules (<c>settings.coaching</c>); null members use the <c>coaching.*</c> configuration.</summary>
public sealed record TenantCoaching
{
    public bool? Enabled { get; init; }
    public int? VisitAfterProductsViewed { get; init; }
    public string? VisitOffer { get; init; }
    public bool? PriceObjectionAlternatives { get; init; }
    public bool? AskBudget { get; init; }
    public int? UrgencyStockThreshold { get; init; }
    public int? EscalationFrustrationThreshold { get; init; }
}
