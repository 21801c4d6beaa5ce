using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Flow;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// "yes" / "sure" right after the coaching line that offered a visit or demo accepts that offer: the turn is the booking,
/// not a bare acknowledgement for the responder to move on from.
/// </summary>
public static class OfferAcceptance
{
    public static bool AcceptsVisitOffer(string message, IReadOnlyList<Message> history, CoachingRules rules)
    {
        if (Acknowledgement.Of(message) != AcknowledgementKind.Agreed
            || history.LastOrDefault(m => m.Role == MessageRole.Assistant)?.Content is not { } previous)
        {
            return false;
        }
        // The offer is one of the last paragraphs: coaching lines (a stock note, say) may follow it.
        return previous.Split("\n\n").TakeLast(2).Any(p => string.Equals(p.Trim(), rules.VisitOffer.Trim(), StringComparison.Ordinal));
    }
}
