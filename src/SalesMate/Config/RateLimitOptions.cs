using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// Section <c>rate_limits</c> (seeds 001 and 004): request budgets per client IP, per user or session, and per route class.
/// Each budget is a bucket of <c>limit</c> requests refilled evenly over <c>window_seconds</c>.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "rate_limits";

    /// <summary>false turns every limit off (for load tests behind a limiting proxy).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every request from one client IP address (IPv6: its /64 network), whatever the route.</summary>
    public RateLimitRuleOptions Ip { get; set; } = new() { Limit = 100, WindowSeconds = 60 };

    /// <summary>Every request of one signed-in user, anonymous chat session or API key.</summary>
    public RateLimitRuleOptions User { get; set; } = new() { Limit = 1000, WindowSeconds = 3600 };

    /// <summary>Requests that make the assistant answer: chat messages, streams, /v1/chat/completions.</summary>
    public RateLimitRuleOptions Chat { get; set; } = new() { Limit = 30, WindowSeconds = 60 };

    /// <summary>Voice routes (/api/v1/voice/*, /v1/audio/*).</summary>
    public RateLimitRuleOptions Voice { get; set; } = new() { Limit = 20, WindowSeconds = 60 };

    /// <summary>Sign-up, sign-in, token refresh, OTP and privacy requests, per client IP.</summary>
    public RateLimitRuleOptions Auth { get; set; } = new() { Limit = 10, WindowSeconds = 60 };

    /// <summary>Knowledge contributions submitted (POST /api/v1/contributions), per account or chat session, else IP.</summary>
    public RateLimitRuleOptions Contribute { get; set; } = new() { Limit = 10, WindowSeconds = 3600 };

    internal IEnumerable<string> Validate() =>
        new[] { ("ip", Ip), ("user", User), ("chat", Chat), ("voice", Voice), ("auth", Auth), ("contribute", Contribute) }
            .SelectMany(rule => rule.Item2.Validate($"{Section}.{rule.Item1}"));
}

public sealed class RateLimitRuleOptions
{
    public int Limit { get; set; }

    [ConfigurationKeyName("window_seconds")]
    public int WindowSeconds { get; set; }

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    internal IEnumerable<string> Validate(string key)
    {
        if (Limit is < 1 or > 100_000_000)
        {
            yield return $"{key}.limit must be between 1 and 100000000; got {Limit}.";
        }
        if (WindowSeconds is < 1 or > 86_400)
        {
            yield return $"{key}.window_seconds must be between 1 and 86400; got {WindowSeconds}.";
        }
    }
}
