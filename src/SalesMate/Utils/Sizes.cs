using System.Globalization;
using System.Text.RegularExpressions;

namespace SalesMate.Utils;

/// <summary>Parses the human sizes and durations of the YAML config ("50 MB", "14 days").</summary>
public static partial class Sizes
{
    public static bool TryParseBytes(string? text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text ?? "");
        if (!match.Success)
        {
            return false;
        }
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var multiplier = match.Groups[2].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "KB" => 1L << 10,
            "MB" => 1L << 20,
            "GB" => 1L << 30,
            _ => 0L,
        };
        bytes = (long)(number * multiplier);
        return bytes > 0;
    }

    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text ?? "");
        if (!match.Success)
        {
            return false;
        }
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value.ToLowerInvariant().TrimEnd('s') switch
        {
            "minute" => TimeSpan.FromMinutes(number),
            "hour" => TimeSpan.FromHours(number),
            "day" => TimeSpan.FromDays(number),
            "week" => TimeSpan.FromDays(7 * number),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(minutes?|hours?|days?|weeks?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();
}
