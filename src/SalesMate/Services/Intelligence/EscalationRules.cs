using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Classification;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Why a human is offered this turn: <c>request</c> (asked for a person or a callback), <c>complaint</c>,
/// <c>frustration</c> or (the model's only) <c>repeated_failure</c>. <see cref="ByModel"/>: decided by the hosted model.
/// </summary>
public sealed record EscalationDecision(bool Offer, string? Reason)
{
    public static readonly EscalationDecision None = new(false, null);

    public bool ByModel { get; init; }
}

/// <summary>
/// Seed 001's human escalation: an explicit request for a person or a callback, or a complaint, always offers one;
/// frustration at or above the tenant's threshold offers one once. The offer flags the conversation for sales
/// (<see cref="ConversationState.Escalated"/>), after which no sales nudges are added.
/// </summary>
public static class EscalationRules
{
    public const string OfferText =
        "If you'd rather sort this out with a person, someone from our sales team can call you back: just leave your phone number or e-mail here.";

    public static EscalationDecision Decide(string intent, SentimentReading sentiment, ConversationState state, CoachingRules rules)
    {
        if (intent is ClassificationIntents.HumanHandoff or ClassificationIntents.RequestCallback)
        {
            return new EscalationDecision(true, "request");
        }
        if (intent == ClassificationIntents.Complaint)
        {
            return new EscalationDecision(true, "complaint");
        }
        if (sentiment.Frustration >= rules.EscalationFrustrationThreshold && !state.Escalated)
        {
            return new EscalationDecision(true, "frustration");
        }
        return EscalationDecision.None;
    }

    public static IReadOnlyList<string> Chips => [PipelineChips.RequestCallback, PipelineChips.TalkToPerson];
}
