namespace SalesMate.Core.Entities;

/// <summary>What a shopper told us about themselves (seed 000 profile form), and later what the assistant learned.</summary>
public sealed class UserProfile : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid UserId { get; set; }
    public decimal? BudgetMin { get; set; }
    public decimal? BudgetMax { get; set; }
    public string Currency { get; set; } = "USD";
    public List<string> Categories { get; set; } = [];
    public List<string> KeyFeatures { get; set; } = [];
    public List<string> Preferences { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
