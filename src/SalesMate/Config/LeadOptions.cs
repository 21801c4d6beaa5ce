using Microsoft.Extensions.Configuration;
using SalesMate.Core.Entities;

namespace SalesMate.Config;

/// <summary>
/// Section <c>leads</c>: the default lead-scoring thresholds and weights. A tenant's settings (<c>leads</c>) override
/// any of them. The temperature comes from intent_weight x intent + engagement_weight x engagement (each 0-10).
/// </summary>
public sealed class LeadOptions
{
    public const string Section = "leads";

    [ConfigurationKeyName("hot_threshold")]
    public double HotThreshold { get; set; } = 6;

    [ConfigurationKeyName("warm_threshold")]
    public double WarmThreshold { get; set; } = 3;

    [ConfigurationKeyName("intent_weight")]
    public double IntentWeight { get; set; } = 0.7;

    [ConfigurationKeyName("engagement_weight")]
    public double EngagementWeight { get; set; } = 0.3;

    /// <summary>Overrides of the built-in points per signal (Services/Leads/LeadSignals.cs), by signal name.</summary>
    public Dictionary<string, SignalPointsOptions> Weights { get; set; } = [];

    internal IEnumerable<string> Validate() => LeadScoringLimits.Check("leads", HotThreshold, WarmThreshold, IntentWeight, EngagementWeight,
        Weights.ToDictionary(w => w.Key, w => new SignalPoints { Engagement = w.Value.Engagement, Intent = w.Value.Intent, MaxCount = w.Value.MaxCount }));
}

public sealed class SignalPointsOptions
{
    public double? Engagement { get; set; }
    public double? Intent { get; set; }

    [ConfigurationKeyName("max_count")]
    public int? MaxCount { get; set; }
}

/// <summary>The ranges of every scoring setting, shared by the configuration and the tenant settings patch.</summary>
public static class LeadScoringLimits
{
    public static IEnumerable<string> Check(string prefix, double? hot, double? warm, double? intentWeight, double? engagementWeight,
        IReadOnlyDictionary<string, SignalPoints> weights)
    {
        foreach (var (name, value) in new[] { ("hot_threshold", hot), ("warm_threshold", warm) })
        {
            if (value is < 0 or > 10)
            {
                yield return $"{prefix}.{name} must be between 0 and 10; got {value}.";
            }
        }
        if (hot is { } h && warm is { } w && w > h)
        {
            yield return $"{prefix}.warm_threshold ({w}) must not be above {prefix}.hot_threshold ({h}).";
        }
        foreach (var (name, value) in new[] { ("intent_weight", intentWeight), ("engagement_weight", engagementWeight) })
        {
            if (value is < 0 or > 1)
            {
                yield return $"{prefix}.{name} must be between 0 and 1; got {value}.";
            }
        }
        foreach (var (signal, points) in weights)
        {
            if (!Services.Leads.LeadSignals.IsKnown(signal))
            {
                yield return $"{prefix}.weights.{signal} is not a known signal; use one of {string.Join(", ", Services.Leads.LeadSignals.Names)}.";
            }
            if (points.Engagement is < -10 or > 10 || points.Intent is < -10 or > 10)
            {
                yield return $"{prefix}.weights.{signal} points must be between -10 and 10.";
            }
            if (points.MaxCount is < 0 or > 100)
            {
                yield return $"{prefix}.weights.{signal}.max_count must be between 0 and 100; got {points.MaxCount}.";
            }
        }
    }
}
