namespace SalesMate.Core.Entities;

/// <summary>A ready-made shopper for the personas demo (seed 000): testers pick one instead of signing up.</summary>
public sealed class ShopperPersona : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public decimal? BudgetMin { get; set; }
    public decimal? BudgetMax { get; set; }
    public string Currency { get; set; } = "USD";
    public List<string> Categories { get; set; } = [];
    public List<string> KeyFeatures { get; set; } = [];
    public List<string> PreferredBrands { get; set; } = [];
    public List<string> Preferences { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
