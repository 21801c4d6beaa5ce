using System.Text.Json;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Admin;

public static partial class TenantSettingsPatch
{
    public const int MaxCompliancePhrases = 20;
    public const int MaxCompliancePhraseLength = 100;

    /// <summary>
    /// <c>settings.training</c>: <c>compliance_phrases</c>, the phrases a role-play trainee must say (a list, [] for none);
    /// null for the list or the whole object goes back to training.compliance_phrases.
    /// </summary>
    private static TenantTraining? Training(TenantTraining? current, JsonElement value, string prefix, PatchFields fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var training = current ?? new TenantTraining();
        foreach (var member in fields.Members(value, prefix))
        {
            var field = $"{prefix}.{member.Name}";
            if (member.Name == "compliance_phrases")
            {
                training = training with { CompliancePhrases = CompliancePhrases(member.Value, field, fields) };
            }
            else
            {
                fields.Unknown(field);
            }
        }
        return training.CompliancePhrases is null ? null : training;
    }

    private static List<string>? CompliancePhrases(JsonElement value, string field, PatchFields fields)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var invalid = $"{field} must be a list of at most {MaxCompliancePhrases} phrases of 1 to {MaxCompliancePhraseLength} characters, or null for the default.";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxCompliancePhrases)
        {
            fields.Fail(field, invalid);
            return null;
        }
        var phrases = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            var phrase = item.ValueKind == JsonValueKind.String ? item.GetString()!.Trim() : "";
            if (phrase.Length is 0 or > MaxCompliancePhraseLength || phrase.Any(char.IsControl))
            {
                fields.Fail(field, invalid);
                return null;
            }
            if (!phrases.Contains(phrase, StringComparer.OrdinalIgnoreCase))
            {
                phrases.Add(phrase);
            }
        }
        return phrases;
    }
}
