using SalesMate.Config;

namespace SalesMate.Services.Summaries;

/// <summary>
/// The link to a lead that emails carry. With <c>app.public_base_url</c> it is the staff page of the lead
/// (<c>/admin/leads/{id}</c>), absolute and at the tenant's address (its <c>/t/{slug}</c> prefix, or its host with
/// <c>app.tenant_from: host</c>); without it, the relative API path <c>/api/v1/leads/{id}</c>, as before the setting existed.
/// </summary>
public static class LeadLinks
{
    public static string For(Guid leadId, string tenantSlug, AppOptions app)
    {
        if (app.PublicBase is not { } publicBase || !Uri.TryCreate(publicBase, UriKind.Absolute, out var baseUri))
        {
            return $"/api/v1/leads/{leadId}";
        }
        var page = $"/admin/leads/{leadId}";
        if (!app.IsMultiTenant)
        {
            return publicBase + page;
        }
        if (app.TenantFromHost && app.BaseDomain is { } domain)
        {
            var tenantHost = new UriBuilder(baseUri) { Host = $"{tenantSlug}.{domain}" }.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            return tenantHost + page;
        }
        return $"{publicBase}/t/{tenantSlug}{page}";
    }

    public static bool IsAbsolute(string link) => link.StartsWith("http://", StringComparison.Ordinal) || link.StartsWith("https://", StringComparison.Ordinal);
}
