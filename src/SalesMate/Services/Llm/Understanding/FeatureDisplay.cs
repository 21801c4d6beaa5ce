using System.Text.RegularExpressions;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// A feature as understood (lower-case, normalised: "32gb ram", "4k oled") in the form a shopper reads it in an answer
/// ("32GB RAM", "4K OLED"): sizes with their unit and the usual acronyms in capitals, every other word as it was.
/// </summary>
public static partial class FeatureDisplay
{
    private static readonly HashSet<string> Acronyms = new(StringComparer.Ordinal)
    {
        "ram", "ssd", "hdd", "oled", "qled", "lcd", "led", "usb", "hdmi", "gpu", "cpu", "rtx", "gtx", "nfc", "gps", "anc",
        "4k", "8k", "5g", "4g", "lte", "hdr", "ips", "ddr4", "ddr5", "nvme", "vr", "ai", "suv", "ev", "bhk", "ac",
    };

    public static string Of(string feature)
    {
        var sized = SizeWithUnit().Replace(feature, m => m.Groups[1].Value + m.Groups[2].Value.ToUpperInvariant());
        return string.Join(' ', sized.Split(' ').Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w));
    }

    [GeneratedRegex(@"\b(\d+(?:\.\d+)?)(gb|tb|mb|ghz|hz|mp|mah|kw|kwh)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SizeWithUnit();
}
