namespace SalesMate.Core.Entities;

/// <summary>
/// The filters and context carried across turns (seed 001's ConversationSession, persisted as JSON). Every member has
/// a default, so rows written before a member existed still read.
/// </summary>
public sealed record ConversationState
{
    public decimal? BudgetMin { get; init; }
    public decimal? BudgetMax { get; init; }
    public decimal? BudgetTarget { get; init; }
    public string? BudgetCurrency { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];

    /// <summary>Brands the shopper ruled out ("not Apple", "anything but Samsung").</summary>
    public IReadOnlyList<string> ExcludedBrands { get; init; } = [];
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Uses and features the shopper ruled out ("no gaming please", "without noise cancelling"), normalised.</summary>
    public IReadOnlyList<string> ExcludedFeatures { get; init; } = [];
    public bool InStockOnly { get; init; }

    /// <summary>
    /// "cheapest laptop", "most expensive headphones": later searches in the same category keep listing by price until
    /// the shopper names another order or a new category.
    /// </summary>
    public PriceOrder PriceOrder { get; init; }

    /// <summary>Products in the last answer, in the order shown, so "the first two" and "cheaper" refer to them.</summary>
    public IReadOnlyList<Guid> LastShownProductIds { get; init; } = [];
    public string? LastIntent { get; init; }
    public int ProductsViewedCount { get; init; }
    public bool AskedQualifyingQuestion { get; init; }

    /// <summary>Products the shopper asked about, compared or objected to, most recent last (no duplicates).</summary>
    public IReadOnlyList<Guid> InterestedProductIds { get; init; } = [];

    /// <summary>awareness, consideration or decision (<see cref="ConversationStages"/>); it never moves back.</summary>
    public string Stage { get; init; } = ConversationStages.Awareness;

    /// <summary>Price objections raised in this conversation.</summary>
    public int ObjectionCount { get; init; }

    /// <summary>One entry per shopper message, oldest first (capped, see <see cref="MaxSentimentHistory"/>).</summary>
    public IReadOnlyList<SentimentEntry> SentimentHistory { get; init; } = [];

    /// <summary>Coaching nudges already given ("visit", "budget_question", "urgency:{product id}"): none is repeated.</summary>
    public IReadOnlyList<string> NudgesGiven { get; init; } = [];

    /// <summary>A human was offered and the conversation flagged for sales; from then on no sales nudges.</summary>
    public bool Escalated { get; init; }

    /// <summary>When someone from sales marked the escalation handled (null: waiting). A new offer of a person makes it wait again.</summary>
    public DateTime? EscalationHandledAt { get; init; }

    /// <summary>Who marked it handled (their email).</summary>
    public string? EscalationHandledBy { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool EscalationWaiting => Escalated && EscalationHandledAt is null;

    /// <summary>
    /// The chat session proved an email (OTP link) after this conversation began: the next answer may welcome the
    /// shopper back with what they looked at in the email's other sessions. Cleared by that answer.
    /// </summary>
    public bool WelcomeBackDue { get; init; }

    /// <summary>
    /// The yes/no offer the last answer ended with; a bare "yes" to the next answer accepts it. Every turn replaces it
    /// (with None when that answer offered nothing), so a "yes" two turns later accepts nothing.
    /// </summary>
    public PendingOffer PendingOffer { get; init; }

    /// <summary>Shopper messages answered so far.</summary>
    public int TurnCount { get; init; }

    public const int MaxSentimentHistory = 50;
}

/// <summary>The sentiment of one shopper message and the conversation's frustration after it (0-10).</summary>
public sealed record SentimentEntry(string Sentiment, int Frustration, DateTime At);

public static class ConversationStages
{
    public const string Awareness = "awareness";
    public const string Consideration = "consideration";
    public const string Decision = "decision";

    public static int Rank(string? stage) => stage switch
    {
        Decision => 2,
        Consideration => 1,
        _ => 0,
    };
}
