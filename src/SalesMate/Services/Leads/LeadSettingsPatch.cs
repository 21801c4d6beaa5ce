using System.Text.Json;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Admin;

namespace SalesMate.Services.Leads;

/// <summary>The <c>leads</c> member of a tenant settings patch: thresholds, weights, per-signal points, email_summaries (null resets).</summary>
public static class LeadSettingsPatch
{
    public static TenantLeadSettings? Apply(TenantLeadSettings? current, JsonElement value, string prefix, PatchFields fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var settings = current ?? new TenantLeadSettings();
        foreach (var member in fields.Members(value, prefix))
        {
            var field = $"{prefix}.{member.Name}";
            settings = member.Name switch
            {
                "hot_threshold" => settings with { HotThreshold = (double?)fields.Number(member.Value, field, 0m, 10m) },
                "warm_threshold" => settings with { WarmThreshold = (double?)fields.Number(member.Value, field, 0m, 10m) },
                "intent_weight" => settings with { IntentWeight = (double?)fields.Number(member.Value, field, 0m, 1m) },
                "engagement_weight" => settings with { EngagementWeight = (double?)fields.Number(member.Value, field, 0m, 1m) },
                "email_summaries" => settings with { EmailSummaries = fields.Bool(member.Value, field) },
                "weights" => settings with { Weights = Weights(member.Value, field, fields) },
                _ => Unknown(settings, field, fields),
            };
        }
        foreach (var error in LeadScoringLimits.Check(prefix, settings.HotThreshold, settings.WarmThreshold, settings.IntentWeight,
                     settings.EngagementWeight, settings.Weights))
        {
            fields.Fail(prefix, error);
        }
        return settings;
    }

    private static Dictionary<string, SignalPoints> Weights(JsonElement value, string prefix, PatchFields fields)
    {
        var weights = new Dictionary<string, SignalPoints>();
        if (value.ValueKind == JsonValueKind.Null)
        {
            return weights;
        }
        foreach (var signal in fields.Members(value, prefix))
        {
            var points = new SignalPoints();
            foreach (var member in fields.Members(signal.Value, $"{prefix}.{signal.Name}"))
            {
                var field = $"{prefix}.{signal.Name}.{member.Name}";
                points = member.Name switch
                {
                    "engagement" => points with { Engagement = (double?)fields.Number(member.Value, field, -10m, 10m) },
                    "intent" => points with { Intent = (double?)fields.Number(member.Value, field, -10m, 10m) },
                    "max_count" => points with { MaxCount = fields.WholeNumber(member.Value, field, 0, 100) },
                    _ => Fail(points, field, fields),
                };
            }
            weights[signal.Name] = points;
        }
        return weights;
    }

    private static SignalPoints Fail(SignalPoints points, string field, PatchFields fields)
    {
        fields.Unknown(field);
        return points;
    }

    private static TenantLeadSettings Unknown(TenantLeadSettings settings, string field, PatchFields fields)
    {
        fields.Unknown(field);
        return settings;
    }
}
