using System.Text.Json.Serialization;

namespace SalesMate.Core.Entities;

/// <summary>
/// The yes/no offer an answer ended with, so that a bare "yes" / "sure" / "ok please" on the next turn accepts it
/// (<see cref="ConversationState.PendingOffer"/>). None: the answer offered nothing a yes could accept.
/// </summary>
[JsonConverter(typeof(LenientEnumConverter<PendingOffer>))]
public enum PendingOffer
{
    None,

    /// <summary>"Would you like me to show you cheaper options meanwhile?" (the answer to a competitor's price).</summary>
    CheaperOptions,

    /// <summary>"Those are already the best we carry for what you asked. Want me to compare them?"</summary>
    Comparison,

    /// <summary>The coaching line offering a visit or demo (the tenant's <c>visit_offer</c>).</summary>
    Visit,
}
