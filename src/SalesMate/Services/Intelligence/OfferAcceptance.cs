using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Flow;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// "yes" / "sure" / "ok please" accepts the offer the last answer ended with (<see cref="ConversationState.PendingOffer"/>):
/// after the visit or demo offer the turn is the booking, after "cheaper options?" it shows them, instead of a bare
/// acknowledgement for the responder to move on from.
/// </summary>
public static class OfferAcceptance
{
    public static PendingOffer Accepted(string message, ConversationState before) =>
        before.PendingOffer != PendingOffer.None && Acknowledgement.Of(message) == AcknowledgementKind.Agreed ? before.PendingOffer : PendingOffer.None;
}
