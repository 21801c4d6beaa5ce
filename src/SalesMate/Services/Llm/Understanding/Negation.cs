using System.Text.RegularExpressions;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>Whether a request is negated: "please don't call me", "no need to book a demo", "never send a brochure".</summary>
public static partial class Negation
{
    /// <summary>True when a negation ("don't", "do not", "never", "no need to"...) comes shortly before <paramref name="index"/>.</summary>
    public static bool Precedes(string text, int index)
    {
        var start = Math.Max(0, index - 30);
        return Before().IsMatch(text[start..index]);
    }

    /// <summary>The first match of <paramref name="pattern"/> that is not negated, if any.</summary>
    public static Match? FirstAffirmed(Regex pattern, string text)
    {
        foreach (Match match in pattern.Matches(text))
        {
            if (!Precedes(text, match.Index))
            {
                return match;
            }
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:don'?t|do not|doesn'?t|never|not|no need to|no)\b(?:\s+\w+){0,3}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Before();
}
