using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>otp</c>: one-time email codes (link a chat session, confirm export or deletion, verify a signup).</summary>
public sealed class OtpOptions
{
    public const string Section = "otp";

    [ConfigurationKeyName("ttl_minutes")]
    public int TtlMinutes { get; set; } = 10;

    /// <summary>Wrong codes accepted before the code dies; the next attempt is refused even with the right code.</summary>
    [ConfigurationKeyName("max_attempts")]
    public int MaxAttempts { get; set; } = 5;

    [ConfigurationKeyName("max_sends_per_email_per_hour")]
    public int MaxSendsPerEmailPerHour { get; set; } = 5;

    [ConfigurationKeyName("max_sends_per_ip_per_hour")]
    public int MaxSendsPerIpPerHour { get; set; } = 20;

    internal IEnumerable<string> Validate()
    {
        if (TtlMinutes is < 1 or > 1440)
        {
            yield return $"otp.ttl_minutes must be between 1 and 1440; got {TtlMinutes}.";
        }
        if (MaxAttempts is < 1 or > 20)
        {
            yield return $"otp.max_attempts must be between 1 and 20; got {MaxAttempts}.";
        }
        if (MaxSendsPerEmailPerHour is < 1 or > 1000)
        {
            yield return $"otp.max_sends_per_email_per_hour must be between 1 and 1000; got {MaxSendsPerEmailPerHour}.";
        }
        if (MaxSendsPerIpPerHour is < 1 or > 100_000)
        {
            yield return $"otp.max_sends_per_ip_per_hour must be between 1 and 100000; got {MaxSendsPerIpPerHour}.";
        }
    }
}
