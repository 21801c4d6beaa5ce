using System.Text.Json;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Checks one escalation answer. Errors (retry once, then the rules): not a JSON object, <c>offer</c> not a boolean, an
/// offer without one of the reasons, and <c>offer: false</c> when the rules offer a person (an explicit request, a
/// complaint, or frustration at the tenant's threshold: the model can add an offer, never remove one). When the rules
/// offer, their decision and reason stand; the model's own offer keeps its reason.
/// </summary>
internal static class EscalationValidator
{
    public static StructuredOutcome<EscalationDecision> Validate(string? reply, EscalationDecision rules)
    {
        if (!StructuredCall.TryParseObject(reply, out var root, out var error))
        {
            return new(null, [error]);
        }
        if (!root.TryGetProperty("offer", out var offerValue) || offerValue.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return new(null, ["offer must be true or false"]);
        }
        var offer = offerValue.GetBoolean();
        if (!offer)
        {
            return rules.Offer
                ? new(null, [$"offer must be true: the store's rules offer a person this turn ({rules.Reason})"])
                : new(EscalationDecision.None with { ByModel = true }, []);
        }
        if (rules.Offer)
        {
            return new(rules with { ByModel = true }, []);
        }
        var reason = root.TryGetProperty("reason", out var reasonValue) && reasonValue.ValueKind == JsonValueKind.String
            ? reasonValue.GetString()!.Trim().ToLowerInvariant()
            : null;
        return reason is not null && EscalationPrompt.Reasons.Contains(reason)
            ? new(new EscalationDecision(true, reason) { ByModel = true }, [])
            : new(null, ["reason must be one of: " + string.Join(", ", EscalationPrompt.Reasons)]);
    }
}
