using System.Text.RegularExpressions;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>The regular expressions behind <see cref="BudgetParser"/>; all run on lower-cased text.</summary>
internal static partial class BudgetPatterns
{
    // A money-looking amount: optional currency before, a number ("1,299.99", "1,50,000", "1.2"), an optional
    // multiplier (k, lakh/lac/L, crore/cr, million) and an optional currency after. A number glued to letters ("16gb", "s25", "i7", "wh-1000xm6")
    // or followed by a unit/count word ("2 kg", "15 inches", "3 monitors") is not an amount.
    private const string Amount =
        @"(?:(?<sym>[$€£₹])\s*|\b(?<pw>rs|inr|usd|eur|gbp)\.?\s*|(?<![\w.,#$€£₹]|\b[a-z]+-))" +
        @"(?<num>\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?)" +
        @"(?:\s*(?<mult>k|lakhs?|lacs?|l|crores?|crs?|million|mn|m)(?![a-z]))?" +
        @"(?:\s*(?<sw>dollars?|bucks|usd|euros?|eur|pounds?|gbp|rupees?|inr|rs|[$€£₹])(?![a-z]))?" +
        @"(?![a-z0-9]|[.,]\d)" +
        @"(?!\s*(?:[""”″%]|(?:gb|gigs?|tb|mb|hz|ghz|mhz|inch|inches|kg|kgs|g|lbs?|mm|cm|mp|mah|w|wh|watts?|nits|fps" +
        @"|ms|bhk|beds?|bedrooms?|sq|sqft|cores?|threads|gen|series|stars?|years?|yrs|months?|days?|hours?|hrs|mins?" +
        @"|minutes|ports?|reviews|people|monitors?|screens?|items?|products?|options?|x)\b(?!/)))";

    [GeneratedRegex(Amount, RegexOptions.CultureInvariant)]
    public static partial Regex AmountRegex();

    private const string Filler =
        @"(?:\s+(?:is|of|was|a|an|just|only|my|the|like|say|maybe|be|around|about|approx|approximately|roughly)|\s*[:=\-])*\s*$";

    [GeneratedRegex(
        @"(?:\b(?:under|below|beneath|less\s+than|lower\s+than|cheaper\s+than|up\s*to|(?<!\bpro\s)max(?:imum)?" +
        @"|at\s+(?:the\s+)?most|no\s+more\s+than|not\s+more\s+than|not\s+over|not\s+above|not\s+exceeding" +
        @"|no\s+higher\s+than|within|budget(?:\s+(?:would|will))?|spend|afford|till|until|limit|capped\s+at)|<=?|≤)" +
        Filler, RegexOptions.CultureInvariant)]
    public static partial Regex MaxCue();

    [GeneratedRegex(
        @"(?:\b(?:over|above|more\s+than|greater\s+than|higher\s+than|at\s+least|min(?:imum)?|starting\s+(?:at|from)" +
        @"|upwards\s+of|north\s+of|beyond)|>=?|≥)" + Filler, RegexOptions.CultureInvariant)]
    public static partial Regex MinCue();

    [GeneratedRegex(
        @"(?:\b(?:around|about|approx(?:imately)?|roughly|near(?:ly)?|close\s+to|somewhere\s+(?:around|near)" +
        @"|in\s+the\s+(?:range|region)\s+of|ballpark(?:\s+of)?)|~|≈)(?:\s*[.:]|\s+(?:a|an|of))*\s*$",
        RegexOptions.CultureInvariant)]
    public static partial Regex AroundCue();

    [GeneratedRegex(@"\bbetween\s*$", RegexOptions.CultureInvariant)]
    public static partial Regex BetweenCue();

    [GeneratedRegex(@"\bfrom\s*$", RegexOptions.CultureInvariant)]
    public static partial Regex FromCue();

    [GeneratedRegex(@"^\s*(?:-|–|—|to|till|until)\s*$", RegexOptions.CultureInvariant)]
    public static partial Regex DashGap();

    [GeneratedRegex(@"^\s*(?:and|&)\s*$", RegexOptions.CultureInvariant)]
    public static partial Regex AndGap();

    public static string? CurrencyOf(string word) => word.TrimEnd('.') switch
    {
        "$" or "usd" or "dollar" or "dollars" or "bucks" => "USD",
        "€" or "eur" or "euro" or "euros" => "EUR",
        "£" or "gbp" or "pound" or "pounds" => "GBP",
        "₹" or "rs" or "inr" or "rupee" or "rupees" => "INR",
        _ => null,
    };

    /// <summary>The factor for a multiplier word and whether it implies Indian rupees (lakh, crore).</summary>
    public static (decimal Factor, bool Indian) MultiplierOf(string word) => word switch
    {
        "k" => (1_000m, false),
        "lakh" or "lakhs" or "lac" or "lacs" or "l" => (100_000m, true),
        "crore" or "crores" or "cr" or "crs" => (10_000_000m, true),
        "million" or "mn" or "m" => (1_000_000m, false),
        _ => (1m, false),
    };
}
