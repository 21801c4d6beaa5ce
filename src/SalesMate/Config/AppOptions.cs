using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>app</c> (seed 003).</summary>
public sealed class AppOptions
{
    public const string Section = "app";
    public const string SingleTenant = "single-tenant";
    public const string MultiTenant = "multi-tenant";
    public static readonly string[] Modes = [SingleTenant, MultiTenant];
    public static readonly string[] TenantSources = ["path", "host"];

    public string Name { get; set; } = "SalesMate";
    public string Mode { get; set; } = SingleTenant;

    [ConfigurationKeyName("default_tenant")]
    public string DefaultTenant { get; set; } = "demo";

    /// <summary>Multi-tenant only: where the tenant slug comes from, a <c>/t/{slug}</c> path prefix or the host's subdomain.</summary>
    [ConfigurationKeyName("tenant_from")]
    public string TenantFrom { get; set; } = "path";

    /// <summary>With <c>tenant_from: host</c>, tenants are served at <c>{slug}.{base_domain}</c>.</summary>
    [ConfigurationKeyName("base_domain")]
    public string? BaseDomain { get; set; }

    /// <summary>The agent of routes without an <c>/a/{agent}</c> prefix.</summary>
    [ConfigurationKeyName("default_agent")]
    public string DefaultAgent { get; set; } = Core.Entities.Agents.Sales;

    /// <summary>How long an instance trusts its cached tenant lookup (slug, active); admin changes on this instance apply at once.</summary>
    [ConfigurationKeyName("tenant_cache_seconds")]
    public int TenantCacheSeconds { get; set; } = 30;

    public bool IsMultiTenant => Mode == MultiTenant;

    public bool TenantFromHost => IsMultiTenant && TenantFrom == "host";

    [ConfigurationKeyName("data_dir")]
    public string DataDir { get; set; } = "data";

    /// <summary>Seed the demo tenant, catalog and personas into an empty database at start-up.</summary>
    [ConfigurationKeyName("seed_demo")]
    public bool SeedDemo { get; set; } = true;

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR networks) whose X-Forwarded-For and X-Forwarded-Proto are believed. Empty: the
    /// headers are ignored and the connection's address is the client (rate limits, HTTPS detection).
    /// </summary>
    [ConfigurationKeyName("trusted_proxies")]
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// Where people reach the app, e.g. <c>https://sales.example.com</c> (with a path if it is served under one). Links
    /// in emails are made absolute with it; unset, they stay relative (<see cref="Services.Summaries.LeadLinks"/>).
    /// </summary>
    [ConfigurationKeyName("public_base_url")]
    public string? PublicBaseUrl { get; set; }

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash, or null when it is not set.</summary>
    public string? PublicBase => string.IsNullOrWhiteSpace(PublicBaseUrl) ? null : PublicBaseUrl.Trim().TrimEnd('/');

    internal IEnumerable<string> Validate()
    {
        if (PublicBase is { } publicBase && !(Uri.TryCreate(publicBase, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)))
        {
            yield return $"app.public_base_url must be an absolute http(s) URL without query or fragment, such as https://sales.example.com; got '{PublicBaseUrl}'.";
        }
        if (!Modes.Contains(Mode))
        {
            yield return OptionErrors.NotOneOf("app.mode", Mode, Modes);
        }
        if (!Utils.Slug.IsValid(DefaultTenant))
        {
            yield return $"app.default_tenant must be a slug (lower-case letters, digits and hyphens); got '{DefaultTenant}'.";
        }
        foreach (var proxy in TrustedProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _) && !System.Net.IPNetwork.TryParse(p, out _)))
        {
            yield return $"app.trusted_proxies entries must be IP addresses or CIDR networks such as 10.0.0.0/8; got '{proxy}'.";
        }
        if (!TenantSources.Contains(TenantFrom))
        {
            yield return OptionErrors.NotOneOf("app.tenant_from", TenantFrom, TenantSources);
        }
        if (TenantFromHost && !IsHostName(BaseDomain))
        {
            yield return $"app.base_domain must be a host name such as shop.example.com when app.tenant_from is host; got '{BaseDomain}'.";
        }
        if (!Core.Entities.Agents.All.Contains(DefaultAgent))
        {
            yield return OptionErrors.NotOneOf("app.default_agent", DefaultAgent, Core.Entities.Agents.All);
        }
        if (TenantCacheSeconds is < 0 or > 3600)
        {
            yield return $"app.tenant_cache_seconds must be between 0 and 3600; got {TenantCacheSeconds}.";
        }
    }

    private static bool IsHostName(string? value) =>
        value is { Length: > 0 and <= 253 } && Uri.CheckHostName(value) == UriHostNameType.Dns;
}

/// <summary>The demo seed needs a file that <c>app.data_dir</c> does not hold: start-up stops with this message.</summary>
public sealed class DemoDataMissingException(string path) : Exception(
    $"app.data_dir: the demo seed reads '{Path.GetFullPath(path)}', which does not exist. Point app.data_dir (APP__DATA_DIR) " +
    "at the folder that holds products/ and personas/ (the repository's data/), or set app.seed_demo (APP__SEED_DEMO) to false.");
