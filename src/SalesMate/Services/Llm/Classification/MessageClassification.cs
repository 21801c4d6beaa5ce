using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Classification;

/// <summary>Contact details the shopper gave in a message, as written there; null when not given.</summary>
public sealed record ContactDetails(string? Name, string? Email, string? Phone)
{
    public static readonly ContactDetails None = new(null, null, null);

    public bool IsEmpty => Name is null && Email is null && Phone is null;
}

/// <summary>
/// What one shopper message is about: its intent (one of <see cref="ClassificationIntents.All"/>), the budget it
/// states, the catalog categories and brands it names (only values of the catalog's vocabulary), and contact details.
/// </summary>
public sealed record MessageClassification
{
    public const string FromModel = "model";
    public const string FromRules = "rules";

    public required string Intent { get; init; }

    /// <summary>Amounts in <see cref="Budget.Currency"/>; null when the message states no budget.</summary>
    public Budget? Budget { get; init; }

    /// <summary>Canonical catalog category names ("Laptops").</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Canonical catalog brand names ("ASUS").</summary>
    public IReadOnlyList<string> Brands { get; init; } = [];

    public ContactDetails Contact { get; init; } = ContactDetails.None;

    /// <summary>The model's reading of the message's mood (<see cref="Sentiments"/>); null from the rules.</summary>
    public string? Sentiment { get; init; }

    /// <summary>The model's frustration level of this message, 0-10; null from the rules.</summary>
    public int? Frustration { get; init; }

    /// <summary><see cref="FromModel"/> (validated structured output) or <see cref="FromRules"/> (the fallback).</summary>
    public required string Source { get; init; }

    /// <summary>Model calls made for this result (0, 1 or 2); a provider-level retry inside the gateway counts as one.</summary>
    public int ModelCalls { get; init; }
}

/// <summary>Every intent the classifier may return: the rules' intents (<see cref="Intents"/>) and the wider set of issue 6.</summary>
public static class ClassificationIntents
{
    public const string PriceObjection = "price_objection";
    public const string KnowledgeQuestion = "knowledge_question";
    public const string ScheduleVisit = "schedule_visit";
    public const string ScheduleDemo = "schedule_demo";
    public const string RequestCallback = "request_callback";
    public const string ContactInfo = "contact_info";
    public const string Complaint = "complaint";
    public const string HumanHandoff = "human_handoff";
    public const string Other = "other";

    /// <summary>In schema order; each with the one-line meaning the model is given.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Described =
    [
        (Intents.Greeting, "small talk: hello, nothing else"),
        (Intents.Thanks, "small talk: thanks, nothing else"),
        (Intents.Goodbye, "small talk: bye, nothing else"),
        (Intents.ProductSearch, "looking for products (by category, brand, feature or budget)"),
        (Intents.ProductDetail, "asks about one specific product (details, specs, stock)"),
        (Intents.Comparison, "wants products compared"),
        (Intents.BudgetAlternative, "wants something cheaper or better than what was shown"),
        (Intents.Clarification, "answers or asks a clarifying question about the current search"),
        (PriceObjection, "finds the price too high, asks for a discount or a deal"),
        (KnowledgeQuestion, "asks about the store: shipping, returns, warranty, payment, policies"),
        (ScheduleVisit, "wants to book a visit, viewing, site visit or appointment in person"),
        (ScheduleDemo, "wants a demo or a trial of a product"),
        (RequestCallback, "asks to be called or contacted back"),
        (ContactInfo, "gives or asks for contact details"),
        (Complaint, "complains about a product, order or service"),
        (HumanHandoff, "asks for a human, a salesperson or an agent"),
        (Other, "anything else"),
    ];

    public static readonly IReadOnlyList<string> All = [.. Described.Select(d => d.Name)];

    public static bool IsKnown(string intent) => All.Contains(intent, StringComparer.Ordinal);

    /// <summary>
    /// Intents no responder produces (they answer with catalog intents): when the classifier finds one of these, it is
    /// the turn's intent; otherwise the responder's own intent (what it actually answered) is.
    /// </summary>
    public static readonly IReadOnlySet<string> BeyondResponders = new HashSet<string>(StringComparer.Ordinal)
    {
        PriceObjection, KnowledgeQuestion, ScheduleVisit, ScheduleDemo, RequestCallback, ContactInfo, Complaint, HumanHandoff,
    };
}

/// <summary>The sentiments of seed 001's analyzer.</summary>
public static class Sentiments
{
    public const string Positive = "positive";
    public const string Neutral = "neutral";
    public const string Negative = "negative";
    public const string Frustrated = "frustrated";
    public const string Excited = "excited";

    public static readonly IReadOnlyList<string> All = [Positive, Neutral, Negative, Frustrated, Excited];

    public static bool IsKnown(string sentiment) => All.Contains(sentiment, StringComparer.Ordinal);
}
