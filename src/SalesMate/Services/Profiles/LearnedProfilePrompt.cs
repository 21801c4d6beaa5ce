using SalesMate.Services.Summaries;

namespace SalesMate.Services.Profiles;

/// <summary>The learned profile as one line of the system prompt.</summary>
public static class LearnedProfilePrompt
{
    public static string Describe(LearnedProfile profile)
    {
        var parts = new List<string>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{label} {value}");
            }
        }
        static string? List(IReadOnlyList<string> values) => values.Count > 0 ? string.Join(", ", values.Take(10)) : null;

        Add("name", profile.Name);
        Add("budget", ExtractiveSummary.Budget(profile));
        Add("interested in", List(profile.Categories));
        Add("likes brands", List(profile.Brands));
        Add("wants", List(profile.Features));
        Add("locations", List(profile.Locations));
        Add("products of interest", List(profile.Products));
        Add("about them:", List(profile.Facts));
        Add("has given contact details:", profile.Email is not null || profile.Phone is not null ? "yes" : null);
        return string.Join("; ", parts);
    }
}
