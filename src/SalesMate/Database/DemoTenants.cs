using SalesMate.Core.Entities;

namespace SalesMate.Database;

/// <summary>A demo tenant: who it is and which files under <c>app.data_dir</c> fill its catalog and personas.</summary>
/// <param name="Name">The tenant's name; null uses "{app.name} Demo Store".</param>
/// <param name="HasDocuments">Whether data/documents (the electronics store's policies) belong in its knowledge base.</param>
public sealed record DemoTenant(string Slug, string? Name, TenantSettings Settings, string ProductsFile, string ShopperPersonasFile,
    string AssistantPersonasFile, bool HasDocuments);

/// <summary>The demo tenants the seed knows: the electronics store (seed 000) and the real-estate agency (seed 001).</summary>
public static class DemoTenants
{
    /// <summary>The consumer-electronics store; also what any default tenant without a definition of its own is seeded with.</summary>
    public static readonly DemoTenant Electronics = new("demo", null, new TenantSettings(),
        "products.json", "personas.json", "assistant_personas.json", HasDocuments: true);

    /// <summary>Skyline Homes: Bangalore apartments priced in rupees (lakh / crore), sold by the same engine.</summary>
    public static readonly DemoTenant Homes = new("homes", "Skyline Homes", new TenantSettings
    {
        Currency = "INR",
        Branding = new TenantBranding
        {
            DisplayName = "Skyline Homes",
            PrimaryColor = "#0f766e",
            Greeting = "Looking for a home in Bangalore? Tell me the configuration, area and budget, e.g. \"2BHK in Whitefield under 2 Cr\".",
        },
        // Homes are seen on a site visit, not in a store.
        Coaching = new TenantCoaching { VisitOffer = "Would you like to book a site visit?" },
    }, "homes.json", "homes_personas.json", "homes_assistant_personas.json", HasDocuments: false);

    /// <summary>The definition to seed a default tenant with: its own when the slug names one (homes), else the electronics store.</summary>
    public static DemoTenant ForDefault(string slug) =>
        slug == Homes.Slug ? Homes : Electronics with { Slug = slug };
}
