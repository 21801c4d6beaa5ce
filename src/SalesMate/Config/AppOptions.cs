using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>app</c> (seed 003).</summary>
public sealed class AppOptions
{
    public const string Section = "app";
    public static readonly string[] Modes = ["single-tenant", "multi-tenant"];

    public string Name { get; set; } = "SalesMate";
    public string Mode { get; set; } = "single-tenant";

    [ConfigurationKeyName("default_tenant")]
    public string DefaultTenant { get; set; } = "demo";

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

    internal IEnumerable<string> Validate()
    {
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
    }
}
