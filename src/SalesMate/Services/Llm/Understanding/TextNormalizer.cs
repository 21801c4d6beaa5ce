using System.Buffers;
using System.Text;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// Puts product text and shopper text into one comparable form: lower-case ASCII-folded words separated by
/// single spaces, numbers glued to their units ("16 GB" -> "16gb", "15.6\"" -> "15.6in") and a few canonical
/// spellings ("noise-canceling"/"ANC" -> "noise cancelling", "Wi-Fi" -> "wifi", "USB-C"/"type c" -> "usb c").
/// Runs on every product at index time, so it works on pooled buffers and allocates only the result string.
/// </summary>
public static class TextNormalizer
{
    // Whole-word / whole-phrase canonical spellings (keys are already in first-pass form).
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["canceling"] = "cancelling", ["cancelation"] = "cancellation",
        ["noise cancellation"] = "noise cancelling", ["noise canceller"] = "noise cancelling",
        ["anc"] = "noise cancelling",
        ["wi fi"] = "wifi", ["wlan"] = "wifi",
        ["usbc"] = "usb c", ["usb type c"] = "usb c", ["type c"] = "usb c",
        ["touch screen"] = "touchscreen", ["miniled"] = "mini led",
        ["ear buds"] = "earbuds", ["head phones"] = "headphones", ["head phone"] = "headphone",
        ["smart watch"] = "smartwatch", ["smart watches"] = "smartwatches", ["smart phone"] = "smartphone",
        ["smart phones"] = "smartphones", ["colour"] = "color", ["grey"] = "gray",
        ["full hd"] = "1080p", ["fhd"] = "1080p", ["qhd"] = "1440p", ["wqhd"] = "1440p",
    };

    // Unit words that glue to a preceding number, with their canonical spelling.
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["gb"] = "gb", ["gig"] = "gb", ["gigs"] = "gb", ["gigabyte"] = "gb", ["gigabytes"] = "gb",
        ["tb"] = "tb", ["terabyte"] = "tb", ["terabytes"] = "tb", ["mb"] = "mb",
        ["hz"] = "hz", ["hertz"] = "hz", ["ghz"] = "ghz", ["mhz"] = "mhz",
        ["inch"] = "in", ["inches"] = "in", ["in"] = "in",
        ["mp"] = "mp", ["megapixel"] = "mp", ["megapixels"] = "mp", ["mah"] = "mah",
        ["w"] = "w", ["watt"] = "w", ["watts"] = "w", ["wh"] = "wh",
        ["kg"] = "kg", ["kgs"] = "kg", ["lb"] = "lb", ["lbs"] = "lb", ["mm"] = "mm", ["ms"] = "ms",
        ["nits"] = "nits", ["fps"] = "fps", ["bhk"] = "bhk", ["sqft"] = "sqft",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> SynonymLookup =
        Synonyms.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> UnitLookup =
        Units.GetAlternateLookup<ReadOnlySpan<char>>();

    private const int MaxSynonymWords = 3;

    [ThreadStatic] private static StringBuilder? t_builder;

    /// <summary>Normalises <paramref name="text"/>; see the type summary. Returns "" for null/blank input.</summary>
    public static string Normalize(string text)
    {
        if (string.IsNullOrEmpty(text)) return "";

        char[] buffer = ArrayPool<char>.Shared.Rent(text.Length * 2 + 2);
        int[] starts = ArrayPool<int>.Shared.Rent(text.Length / 2 + 2);
        int[] ends = ArrayPool<int>.Shared.Rent(text.Length / 2 + 2);
        try
        {
            int length = CharFolding.Fold(text, buffer);
            int count = SplitTokens(buffer.AsSpan(0, length), starts, ends);
            if (count == 0) return "";

            var sb = t_builder ??= new StringBuilder(256);
            sb.Clear();
            WriteTokens(buffer, starts, ends, count, sb);
            string result = sb.ToString();
            if (sb.Capacity > 4096) t_builder = null;
            return result;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    /// <summary>The words of <see cref="Normalize"/>'s result.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        string normalized = Normalize(text);
        return normalized.Length == 0 ? [] : normalized.Split(' ');
    }

    private static int SplitTokens(ReadOnlySpan<char> folded, int[] starts, int[] ends)
    {
        int count = 0, i = 0;
        while (i < folded.Length)
        {
            while (i < folded.Length && folded[i] == ' ') i++;
            if (i >= folded.Length) break;
            int start = i;
            while (i < folded.Length && folded[i] != ' ') i++;
            starts[count] = start;
            ends[count] = i;
            count++;
        }
        return count;
    }

    private static void WriteTokens(char[] buffer, int[] starts, int[] ends, int count, StringBuilder sb)
    {
        int i = 0;
        while (i < count)
        {
            if (sb.Length > 0) sb.Append(' ');

            if (TryPhrase(buffer, starts, ends, count, i, out int used, out string? replacement))
            {
                sb.Append(replacement);
                i += used;
                continue;
            }

            ReadOnlySpan<char> token = buffer.AsSpan(starts[i], ends[i] - starts[i]);
            if (i + 1 < count && IsNumber(token, out bool hasDecimal))
            {
                ReadOnlySpan<char> next = buffer.AsSpan(starts[i + 1], ends[i + 1] - starts[i + 1]);
                // "in" is an inch mark only after a decimal ("15.6 in"); "2 in 1" and "800 in black" stay apart.
                if (UnitLookup.TryGetValue(next, out string? unit) && (hasDecimal || !next.SequenceEqual("in")))
                {
                    sb.Append(token).Append(unit);
                    i += 2;
                    continue;
                }
            }

            if (token.Length > 3 && (token.StartsWith("rtx") || token.StartsWith("gtx")) && IsNumber(token[3..], out _))
            {
                sb.Append(token[..3]).Append(' ').Append(token[3..]); // "rtx4070" -> "rtx 4070"
            }
            else
            {
                sb.Append(token);
            }
            i++;
        }
    }

    private static bool TryPhrase(char[] buffer, int[] starts, int[] ends, int count, int i, out int used, out string? replacement)
    {
        for (int words = Math.Min(MaxSynonymWords, count - i); words >= 1; words--)
        {
            // Tokens are separated by exactly one space in the folded buffer, so a phrase is one contiguous span.
            var phrase = buffer.AsSpan(starts[i], ends[i + words - 1] - starts[i]);
            if (SynonymLookup.TryGetValue(phrase, out replacement))
            {
                used = words;
                return true;
            }
        }
        used = 0;
        replacement = null;
        return false;
    }

    internal static bool IsNumber(ReadOnlySpan<char> token, out bool hasDecimal)
    {
        hasDecimal = false;
        if (token.IsEmpty || !char.IsAsciiDigit(token[0]) || !char.IsAsciiDigit(token[^1])) return false;
        foreach (char c in token)
        {
            if (c == '.')
            {
                if (hasDecimal) return false;
                hasDecimal = true;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
