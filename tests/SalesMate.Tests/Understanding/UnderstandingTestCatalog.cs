using SalesMate.Core.Entities;

namespace SalesMate.Tests.Understanding;

/// <summary>A small catalog covering every category kind the understanding tests need.</summary>
internal static class UnderstandingTestCatalog
{
    public static List<Product> Products() =>
    [
        Make("ASUS Zenbook 14 OLED", "ASUS", "Laptops", 1099m, ["oled", "lightweight"],
            new() { ["RAM"] = "16GB", ["Storage"] = "1TB SSD", ["Display"] = "14\" 2.8K OLED" }),
        Make("Dell XPS 13", "Dell", "Laptops", 1299m, ["premium"],
            new() { ["RAM"] = "16 GB", ["Touchscreen"] = "Yes" }),
        Make("Lenovo Legion 5 Pro", "Lenovo", "Laptops", 1599m, ["gaming"],
            new() { ["GPU"] = "NVIDIA GeForce RTX 4070", ["RAM"] = "32GB", ["Refresh rate"] = "165Hz" }),
        Make("HP Pavilion 15", "HP", "Laptops", 649m, ["budget"], new() { ["RAM"] = "8GB" }),
        Make("Samsung Galaxy S25", "Samsung", "Phones", 799m, ["5g"], new() { ["Storage"] = "256GB" }),
        Make("Google Pixel 9", "Google", "Phones", 699m, ["5g", "camera"], new() { ["Storage"] = "128GB" }),
        Make("Sony WH-1000XM6", "Sony", "Headphones", 399m, ["noise cancelling", "wireless"], new() { ["Battery"] = "30 hours" }),
        Make("PlayStation 5 Slim", "Sony", "Gaming", 499m, ["console"], new() { ["Storage"] = "1TB" }),
        Make("Dell UltraSharp 27 4K", "Dell", "Monitors", 579m, ["4k"], new() { ["Panel"] = "IPS", ["Resolution"] = "4K" }),
        Make("Prestige Lakeside Habitat", "Prestige", "Apartments", 15_000_000m, ["gated community"],
            new() { ["Configuration"] = "2BHK", ["Location"] = "Whitefield" }, "INR"),
    ];

    private static Product Make(string name, string brand, string category, decimal price, List<string> tags,
        Dictionary<string, string> specs, string currency = "USD") => new()
    {
        Id = Guid.NewGuid(),
        Sku = name.Replace(' ', '-'),
        Name = name,
        Brand = brand,
        Category = category,
        Price = price,
        Currency = currency,
        Stock = 5,
        Tags = tags,
        Specs = specs,
    };
}
