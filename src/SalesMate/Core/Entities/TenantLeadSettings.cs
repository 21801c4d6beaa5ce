namespace SalesMate.Core.Entities;

/// <summary>A tenant's lead-scoring overrides (tenant settings JSON <c>leads</c>); null values use the <c>leads.*</c> configuration.</summary>
public sealed record TenantLeadSettings
{
    public double? HotThreshold { get; init; }
    public double? WarmThreshold { get; init; }
    public double? IntentWeight { get; init; }
    public double? EngagementWeight { get; init; }

    /// <summary>Points per signal, by signal name (e.g. <c>demo_requested</c>).</summary>
    public Dictionary<string, SignalPoints> Weights { get; init; } = [];

    /// <summary>Whether final conversation summaries are emailed to sales; null uses summaries.email.</summary>
    public bool? EmailSummaries { get; init; }
}

/// <summary>What one occurrence of a signal adds to the engagement and intent-to-buy scores, and how many occurrences count.</summary>
public sealed record SignalPoints
{
    public double? Engagement { get; init; }
    public double? Intent { get; init; }
    public int? MaxCount { get; init; }
}
