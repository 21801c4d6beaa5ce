using SalesMate.Config;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Seed 001's COACHING_RULES for one tenant: its <c>settings.coaching</c> member by member, else <c>coaching.*</c>.
/// </summary>
public sealed record CoachingRules(
    bool Enabled,
    int VisitAfterProductsViewed,
    string VisitOffer,
    bool PriceObjectionAlternatives,
    bool AskBudget,
    int UrgencyStockThreshold,
    int EscalationFrustrationThreshold)
{
    public static CoachingRules Defaults { get; } = For(new CoachingOptions(), null);

    public static CoachingRules For(CoachingOptions options, TenantCoaching? tenant) => new(
        tenant?.Enabled ?? options.Enabled,
        tenant?.VisitAfterProductsViewed ?? options.VisitAfterProductsViewed,
        tenant?.VisitOffer is { Length: > 0 } offer ? offer : options.VisitOffer,
        tenant?.PriceObjectionAlternatives ?? options.PriceObjectionAlternatives,
        tenant?.AskBudget ?? options.AskBudget,
        tenant?.UrgencyStockThreshold ?? options.UrgencyStockThreshold,
        tenant?.EscalationFrustrationThreshold ?? options.EscalationFrustrationThreshold);
}

/// <summary>The names of the nudges recorded in <see cref="ConversationState.NudgesGiven"/>.</summary>
public static class Nudges
{
    public const string Visit = "visit";
    public const string BudgetQuestion = "budget_question";
    public const string Escalation = "escalation";

    /// <summary>The shopper was welcomed back in this conversation (never twice).</summary>
    public const string WelcomeBack = "welcome_back";

    public static string Value(Guid productId) => $"value:{productId}";

    public static string Urgency(Guid productId) => $"urgency:{productId}";
}

/// <summary>Chips the pipeline adds.</summary>
public static class PipelineChips
{
    public const string BookVisit = "Book a visit or demo";
    public const string RequestCallback = "Request a callback";
    public const string TalkToPerson = "Talk to a person";
    public const string ShowCheaper = "Show me something cheaper";
}
