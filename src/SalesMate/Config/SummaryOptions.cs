using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>summaries</c>: rolling summaries of long conversations and the final summary emailed after <c>chat.inactivity_minutes</c>.</summary>
public sealed class SummaryOptions
{
    public const string Section = "summaries";

    /// <summary>Estimated tokens (chars/4) of unsummarised history above which older turns are folded into a rolling summary.</summary>
    [ConfigurationKeyName("history_token_budget")]
    public int HistoryTokenBudget { get; set; } = 2000;

    /// <summary>Newest messages always sent verbatim (never folded into the rolling summary).</summary>
    [ConfigurationKeyName("keep_recent_messages")]
    public int KeepRecentMessages { get; set; } = 6;

    /// <summary>How often each instance looks for idle conversations.</summary>
    [ConfigurationKeyName("scan_interval_seconds")]
    public int ScanIntervalSeconds { get; set; } = 60;

    /// <summary>Idle conversations summarised per tenant and scan at most.</summary>
    [ConfigurationKeyName("batch_size")]
    public int BatchSize { get; set; } = 50;

    /// <summary>Email each final summary to the tenant's sales recipient (a tenant's leads.email_summaries overrides).</summary>
    public bool Email { get; set; } = true;

    /// <summary>Write summary prose with the hosted model (purpose summarize) when one is configured; the rules' extractive summary otherwise and on failure.</summary>
    [ConfigurationKeyName("use_model")]
    public bool UseModel { get; set; } = true;

    internal IEnumerable<string> Validate()
    {
        if (HistoryTokenBudget is < 200 or > 200_000)
        {
            yield return $"summaries.history_token_budget must be between 200 and 200000; got {HistoryTokenBudget}.";
        }
        if (KeepRecentMessages is < 2 or > 100)
        {
            yield return $"summaries.keep_recent_messages must be between 2 and 100; got {KeepRecentMessages}.";
        }
        if (ScanIntervalSeconds is < 1 or > 86_400)
        {
            yield return $"summaries.scan_interval_seconds must be between 1 and 86400; got {ScanIntervalSeconds}.";
        }
        if (BatchSize is < 1 or > 10_000)
        {
            yield return $"summaries.batch_size must be between 1 and 10000; got {BatchSize}.";
        }
    }
}

/// <summary>Section <c>profile</c>: learning what shoppers volunteer in chat.</summary>
public sealed class ProfileLearningOptions
{
    public const string Section = "profile";

    /// <summary>Extract facts with a structured-output model call (purpose extract) each turn, the rules being the fallback. Off by default: one more model call per turn.</summary>
    [ConfigurationKeyName("model_extraction")]
    public bool ModelExtraction { get; set; }

    /// <summary>Learned facts kept per person at most; later ones are ignored until the user deletes some.</summary>
    [ConfigurationKeyName("max_facts")]
    public int MaxFacts { get; set; } = 100;

    internal IEnumerable<string> Validate()
    {
        if (MaxFacts is < 1 or > 1000)
        {
            yield return $"profile.max_facts must be between 1 and 1000; got {MaxFacts}.";
        }
    }
}
