using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>security</c>: request size, HSTS and the keys that protect antiforgery tokens.</summary>
public sealed class SecurityOptions
{
    public const string Section = "security";

    /// <summary>Largest request body Kestrel accepts, e.g. "1 MB"; bigger bodies get 413 before anything reads them.</summary>
    [ConfigurationKeyName("max_request_body")]
    public string MaxRequestBody { get; set; } = "1 MB";

    /// <summary>Strict-Transport-Security max-age, sent on HTTPS responses in the Production environment.</summary>
    [ConfigurationKeyName("hsts_max_age_days")]
    public int HstsMaxAgeDays { get; set; } = 365;

    [ConfigurationKeyName("hsts_include_subdomains")]
    public bool HstsIncludeSubdomains { get; set; }

    /// <summary>ASP.NET Core data protection key ring (antiforgery tokens); every instance must share it.</summary>
    [ConfigurationKeyName("data_protection_keys_dir")]
    public string DataProtectionKeysDir { get; set; } = "var/data-protection-keys";

    public long MaxRequestBodyBytes => Utils.Sizes.TryParseBytes(MaxRequestBody, out var bytes) ? bytes : 0;

    internal IEnumerable<string> Validate()
    {
        if (MaxRequestBodyBytes is < 1024 or > 1L << 30)
        {
            yield return $"security.max_request_body must be a size between 1 KB and 1 GB such as '1 MB'; got '{MaxRequestBody}'.";
        }
        if (HstsMaxAgeDays is < 0 or > 3650)
        {
            yield return $"security.hsts_max_age_days must be between 0 and 3650; got {HstsMaxAgeDays}.";
        }
        if (string.IsNullOrWhiteSpace(DataProtectionKeysDir))
        {
            yield return "security.data_protection_keys_dir must not be empty.";
        }
    }
}
