using SalesMate.Config;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Leads;

/// <summary>A signal's built-in points: per occurrence, up to <see cref="MaxCount"/> occurrences count.</summary>
public sealed record SignalDefinition(string Name, string Label, double Engagement, double Intent, int MaxCount);

/// <summary>
/// Every signal lead scoring knows, with its default points (seed 001: engagement from activity, intent-to-buy from
/// buying signals). Configuration (<c>leads.weights</c>) and tenant settings override the points.
/// </summary>
public static class LeadSignals
{
    public const string Message = "message";
    public const string ProductViewed = "product_viewed";
    public const string ProductDetail = "product_detail";
    public const string Comparison = "comparison";
    public const string BudgetStated = "budget_stated";
    public const string PriceObjection = "price_objection";
    public const string PolicyQuestion = "policy_question";
    public const string BuyingLanguage = "buying_language";
    public const string VisitRequested = "visit_requested";
    public const string DemoRequested = "demo_requested";
    public const string CallbackRequested = "callback_requested";
    public const string BrochureRequested = "brochure_requested";
    public const string HumanRequested = "human_requested";
    public const string ContactName = "contact_name";
    public const string ContactEmail = "contact_email";
    public const string ContactPhone = "contact_phone";
    public const string PositiveSentiment = "positive_sentiment";
    public const string Frustration = "frustration";
    public const string Complaint = "complaint";
    public const string ReturningVisit = "returning_visit";

    public static readonly IReadOnlyList<SignalDefinition> Defaults =
    [
        new(Message, "Sent a message", 0.4, 0, 15),
        new(ProductViewed, "Was shown a product", 0.2, 0, 15),
        new(ProductDetail, "Asked about a product's details", 0.6, 0.8, 5),
        new(Comparison, "Compared products", 0.6, 1.0, 3),
        new(BudgetStated, "Stated a budget", 0.3, 1.0, 1),
        new(PriceObjection, "Raised a price objection", 0.3, 0.5, 3),
        new(PolicyQuestion, "Asked about shipping, warranty, returns or payment", 0.3, 0.6, 3),
        new(BuyingLanguage, "Said they want to buy", 0.3, 2.0, 2),
        new(VisitRequested, "Asked to book a visit", 0.5, 3.0, 2),
        new(DemoRequested, "Asked for a demo", 0.5, 3.0, 2),
        new(CallbackRequested, "Asked to be called back", 0.5, 2.5, 2),
        new(BrochureRequested, "Asked for a brochure or spec sheet", 0.3, 1.5, 2),
        new(HumanRequested, "Asked for a salesperson", 0.3, 1.0, 2),
        new(ContactName, "Gave their name", 0.3, 0.5, 1),
        new(ContactEmail, "Gave an email address", 0.5, 2.0, 1),
        new(ContactPhone, "Gave a phone number", 0.5, 2.0, 1),
        new(PositiveSentiment, "Sounded positive or excited", 0.5, 0.3, 3),
        new(Frustration, "Sounded frustrated", -0.5, -0.5, 3),
        new(Complaint, "Complained", 0, -1.0, 2),
        new(ReturningVisit, "Came back in a new conversation", 1.0, 0.5, 3),
    ];

    private static readonly Dictionary<string, SignalDefinition> ByName = Defaults.ToDictionary(d => d.Name);

    public static IReadOnlyList<string> Names { get; } = [.. Defaults.Select(d => d.Name)];

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static string Label(string name) => ByName.TryGetValue(name, out var d) ? d.Label : name;

    /// <summary>The effective points: built-in, then <c>leads.*</c>, then the tenant's overrides.</summary>
    public static LeadScoringRules Resolve(LeadOptions options, TenantLeadSettings? tenant)
    {
        var points = new Dictionary<string, SignalDefinition>(ByName);
        void Apply(string name, SignalPoints? o)
        {
            if (o is not null && points.TryGetValue(name, out var d))
            {
                points[name] = d with { Engagement = o.Engagement ?? d.Engagement, Intent = o.Intent ?? d.Intent, MaxCount = o.MaxCount ?? d.MaxCount };
            }
        }
        foreach (var (name, o) in options.Weights)
        {
            Apply(name, new SignalPoints { Engagement = o.Engagement, Intent = o.Intent, MaxCount = o.MaxCount });
        }
        foreach (var (name, o) in tenant?.Weights ?? [])
        {
            Apply(name, o);
        }
        return new LeadScoringRules(
            tenant?.HotThreshold ?? options.HotThreshold,
            tenant?.WarmThreshold ?? options.WarmThreshold,
            tenant?.IntentWeight ?? options.IntentWeight,
            tenant?.EngagementWeight ?? options.EngagementWeight,
            points);
    }
}

/// <summary>The thresholds and points in force for one tenant.</summary>
public sealed record LeadScoringRules(double HotThreshold, double WarmThreshold, double IntentWeight, double EngagementWeight,
    IReadOnlyDictionary<string, SignalDefinition> Points)
{
    public static LeadScoringRules Default { get; } = LeadSignals.Resolve(new LeadOptions(), null);

    /// <summary>Scores (0-10, one decimal) from the signals observed so far; each signal counts up to its max_count.</summary>
    public (double Engagement, double Intent) Score(IEnumerable<LeadSignal> signals) =>
        Score(signals.GroupBy(s => s.Name).Select(g => new SignalCount(g.Key, g.Count())));

    /// <summary>Scores from how often each signal was observed, in order of first occurrence (the order points are added in).</summary>
    public (double Engagement, double Intent) Score(IEnumerable<SignalCount> counts)
    {
        double engagement = 0, intent = 0;
        foreach (var (name, count) in counts)
        {
            if (Points.TryGetValue(name, out var d))
            {
                var counted = Math.Min(count, d.MaxCount);
                engagement += counted * d.Engagement;
                intent += counted * d.Intent;
            }
        }
        return (Clamp(engagement), Clamp(intent));
    }

    public double Combined(double engagement, double intent) => Math.Round(IntentWeight * intent + EngagementWeight * engagement, 2);

    public string Temperature(double engagement, double intent) => Combined(engagement, intent) switch
    {
        var c when c >= HotThreshold => LeadTemperatures.Hot,
        var c when c >= WarmThreshold => LeadTemperatures.Warm,
        _ => LeadTemperatures.Cold,
    };

    private static double Clamp(double value) => Math.Round(Math.Clamp(value, 0, 10), 1);
}
