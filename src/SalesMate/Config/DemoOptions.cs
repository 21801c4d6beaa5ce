namespace SalesMate.Config;

/// <summary>Section <c>demo</c>: the seed-000 personas demo and the demo knowledge base.</summary>
public sealed class DemoOptions
{
    public const string Section = "demo";

    /// <summary>Offer the four shopper personas (no login, pick one); a tenant's settings.demo_personas overrides it.</summary>
    public bool Personas { get; set; } = true;

    /// <summary>The demo seed loads data/documents into the demo tenant's sales knowledge base (when it has no documents yet).</summary>
    public bool Documents { get; set; } = true;
}
