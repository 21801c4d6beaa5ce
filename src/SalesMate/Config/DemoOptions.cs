using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>demo</c>: the seed-000 personas demo, the demo knowledge base and the second (real-estate) demo tenant.</summary>
public sealed class DemoOptions
{
    public const string Section = "demo";

    /// <summary>Offer the four shopper personas (no login, pick one); a tenant's settings.demo_personas overrides it.</summary>
    public bool Personas { get; set; } = true;

    /// <summary>The demo seed loads data/documents into the demo tenant's sales knowledge base (when it has no documents yet).</summary>
    public bool Documents { get; set; } = true;

    /// <summary>In multi-tenant mode, app.seed_demo also creates the Skyline Homes real-estate tenant (slug <c>homes</c>).</summary>
    [ConfigurationKeyName("real_estate")]
    public bool RealEstate { get; set; } = true;
}
