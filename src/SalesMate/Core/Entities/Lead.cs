namespace SalesMate.Core.Entities;

/// <summary>
/// A prospect as sales sees it (seed 001's lead scoring): one per account, or per anonymous chat session until sign-in
/// folds it into the account's. Scores are recomputed from <see cref="SignalCounts"/> with the tenant's weights, so every
/// score can be explained by the signals and messages behind it.
/// </summary>
public sealed class Lead : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? UserId { get; set; }
    public Guid? SessionId { get; set; }
    public Guid? LastConversationId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    /// <summary>0 to 10.</summary>
    public double EngagementScore { get; set; }

    /// <summary>0 to 10.</summary>
    public double IntentScore { get; set; }

    /// <summary>hot, warm or cold (<see cref="LeadTemperatures"/>).</summary>
    public string Temperature { get; set; } = LeadTemperatures.Cold;
    public string? Sentiment { get; set; }

    /// <summary>
    /// How many occurrences of each signal are recorded (in <see cref="LeadSignalOccurrence"/> rows), in order of first
    /// occurrence: scores and counters need only these, so a turn never reads the lead's whole signal history.
    /// </summary>
    public List<SignalCount> SignalCounts { get; set; } = [];
    public List<ProductInterest> Products { get; set; } = [];
    public List<LeadObjection> Objections { get; set; } = [];
    public string? Summary { get; set; }
    public DateTime LastActivityAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Raised by each turn that rescores the lead; a write over a version other than the one read fails (concurrency token).</summary>
    public int Version { get; set; }
}

/// <summary>One observed buying or engagement signal and the message it came from.</summary>
public sealed record LeadSignal(string Name, Guid? MessageId, Guid? ConversationId, DateTime At, string? Detail = null);

/// <summary>How many times one signal was recorded on a lead.</summary>
public sealed record SignalCount(string Name, int Count);

/// <summary>
/// One recorded occurrence of a signal on a lead (table lead_signals); <see cref="Position"/> keeps the order in which a
/// lead's occurrences were recorded, which the score explanation lists them in.
/// </summary>
public sealed class LeadSignalOccurrence : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LeadId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public Guid? MessageId { get; set; }
    public Guid? ConversationId { get; set; }
    public DateTime At { get; set; }
    public string? Detail { get; set; }

    public LeadSignal ToSignal() => new(Name, MessageId, ConversationId, At, Detail);
}

/// <summary>A product the prospect saw or asked about; level is viewed, interested (details, comparison) or requested (visit/demo on it).</summary>
public sealed record ProductInterest(Guid ProductId, string Name, int Views, string Level, DateTime LastAt);

/// <summary>An objection type (price, competitor, timing, trust) with how often it was raised.</summary>
public sealed record LeadObjection(string Type, int Count, Guid? LastMessageId, DateTime LastAt);

public static class LeadTemperatures
{
    public const string Hot = "hot";
    public const string Warm = "warm";
    public const string Cold = "cold";
    public static readonly string[] All = [Hot, Warm, Cold];
}

/// <summary>A change of a lead's scores or temperature, with the signals and messages of the turn that caused it.</summary>
public sealed class LeadEvent : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LeadId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? MessageId { get; set; }

    /// <summary>scored (scores changed), temperature_changed or escalation_handled.</summary>
    public required string Kind { get; set; }
    public double EngagementBefore { get; set; }
    public double EngagementAfter { get; set; }
    public double IntentBefore { get; set; }
    public double IntentAfter { get; set; }
    public required string TemperatureBefore { get; set; }
    public required string TemperatureAfter { get; set; }
    public List<LeadSignal> Signals { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}

public static class LeadEventKinds
{
    public const string Scored = "scored";
    public const string TemperatureChanged = "temperature_changed";

    /// <summary>Sales marked an escalated conversation of the lead handled (scores unchanged).</summary>
    public const string EscalationHandled = "escalation_handled";
}
