namespace SalesMate.Core.Entities;

/// <summary>
/// A summary of a conversation: <c>rolling</c> ones replace older turns in the prompt (messages 1 to
/// <see cref="MessagesIncluded"/>), the <c>final</c> one is written once the conversation went idle and is emailed to sales.
/// </summary>
public sealed class ConversationSummary : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ConversationId { get; set; }
    public required string Summary { get; set; }

    /// <summary>The summary covers the messages with sequence 1 to this.</summary>
    public int MessagesIncluded { get; set; }

    /// <summary><see cref="ConversationSummaryKinds"/>.</summary>
    public string Kind { get; set; } = ConversationSummaryKinds.Rolling;

    /// <summary>The final summary's fields (empty for rolling summaries).</summary>
    public SummaryDetails Details { get; set; } = new();
    public DateTime CreatedAt { get; set; }
}

public static class ConversationSummaryKinds
{
    public const string Rolling = "rolling";
    public const string Final = "final";
}

/// <summary>What sales needs from a finished conversation (seed 003 summary email).</summary>
public sealed record SummaryDetails
{
    public string? Need { get; init; }
    public string? Budget { get; init; }
    public List<string> Products { get; init; } = [];
    public List<string> Objections { get; init; } = [];
    public string? Sentiment { get; init; }
    public double? EngagementScore { get; init; }
    public double? IntentScore { get; init; }
    public string? Temperature { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? NextStep { get; init; }

    /// <summary>rules or model.</summary>
    public string? Source { get; init; }
}
