namespace SalesMate.Config;

/// <summary>Section <c>demo</c>: the seed-000 personas demo.</summary>
public sealed class DemoOptions
{
    public const string Section = "demo";

    /// <summary>Offer the four shopper personas (no login, pick one); a tenant's settings.demo_personas overrides it.</summary>
    public bool Personas { get; set; } = true;
}
