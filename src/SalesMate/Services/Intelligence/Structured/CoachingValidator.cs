using System.Text.Json;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>
/// Checks one coaching answer. Errors (the coach retries once, then the rules decide): not a JSON object, a stage
/// outside the three, an engagement that is not a number from 0 to 10, and a nudge that is not one the plan allows
/// now (a nudge the rules do not allow, "urgency" or any invented one). A stage below the conversation's earlier one is
/// not an error: the director keeps the earlier stage.
/// </summary>
internal static class CoachingValidator
{
    public static StructuredOutcome<CoachingChoice> Validate(string? reply, CoachingPlan plan)
    {
        if (!StructuredCall.TryParseObject(reply, out var root, out var error))
        {
            return new StructuredOutcome<CoachingChoice>(null, [error]);
        }
        var errors = new List<string>();
        string? stage = null;
        if (root.TryGetProperty("stage", out var stageValue) && stageValue.ValueKind == JsonValueKind.String
            && CoachingPrompt.Stages.Contains(stageValue.GetString()!.Trim().ToLowerInvariant()))
        {
            stage = stageValue.GetString()!.Trim().ToLowerInvariant();
        }
        else
        {
            errors.Add("stage must be one of: " + string.Join(", ", CoachingPrompt.Stages));
        }
        double engagement = 0;
        if (!root.TryGetProperty("engagement", out var level) || level.ValueKind != JsonValueKind.Number
            || !level.TryGetDouble(out engagement) || engagement is < 0 or > 10)
        {
            errors.Add("engagement must be a number from 0 to 10");
        }
        string? nudge = null;
        var allowed = plan.Allowed.Select(n => n.Kind).ToList();
        if (root.TryGetProperty("nudge", out var nudgeValue) && nudgeValue.ValueKind != JsonValueKind.Null)
        {
            nudge = nudgeValue.ValueKind == JsonValueKind.String ? nudgeValue.GetString()!.Trim().ToLowerInvariant() : "";
            if (!allowed.Contains(nudge))
            {
                errors.Add(allowed.Count == 0
                    ? "nudge must be null: no nudge is allowed now"
                    : "nudge must be null or one of the nudges allowed now: " + string.Join(", ", allowed));
            }
        }
        return errors.Count > 0 || stage is null
            ? new StructuredOutcome<CoachingChoice>(null, errors)
            : new StructuredOutcome<CoachingChoice>(new CoachingChoice(stage, engagement, nudge), []);
    }
}
