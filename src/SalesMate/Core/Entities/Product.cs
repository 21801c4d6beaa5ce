namespace SalesMate.Core.Entities;

public sealed class Product : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public required string Brand { get; set; }
    public required string Category { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public int Stock { get; set; }
    public decimal? Rating { get; set; }
    public string Description { get; set; } = "";
    public Dictionary<string, string> Specs { get; set; } = [];
    public List<string> Tags { get; set; } = [];

    /// <summary>Lower-cased name, brand, category, tags and specs, kept in sync on save; used for LIKE filters.</summary>
    public string SearchText { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
