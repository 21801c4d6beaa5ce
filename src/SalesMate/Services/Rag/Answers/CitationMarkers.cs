using System.Text;
using System.Text.RegularExpressions;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// The [n] markers of a cited answer. A marker whose n was not among the passages given to the model is removed, so an
/// answer never points at a source that was not retrieved; the sources of an answer are the passages it really cites.
/// </summary>
public static partial class CitationMarkers
{
    [GeneratedRegex(@" ?\[(\d{1,3})\]")]
    private static partial Regex Marker();

    /// <summary>The text with markers outside 1..<paramref name="passages"/> removed.</summary>
    public static string Validate(string text, int passages) =>
        Marker().Replace(text, m => int.TryParse(m.Groups[1].ValueSpan, out var n) && n >= 1 && n <= passages ? m.Value : "");

    /// <summary>The distinct valid numbers the text cites, in order of first use.</summary>
    public static IReadOnlyList<int> Cited(string text, int passages) =>
        Marker().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Where(n => n >= 1 && n <= passages).Distinct().ToList();

    /// <summary>
    /// Validates markers in streamed text: pieces pass through at once, except from a " [" or "[" that may start a marker
    /// until it is known to be one (a valid one is kept, an invalid one dropped) or not (passed through as it was).
    /// </summary>
    public sealed partial class StreamFilter(int passages)
    {
        private const int LongestMarker = 6; // " [123]"
        private readonly StringBuilder _held = new();

        public string Push(string piece)
        {
            var output = new StringBuilder();
            foreach (var c in piece)
            {
                if (_held.Length == 0)
                {
                    if (c is ' ' or '[')
                    {
                        _held.Append(c);
                    }
                    else
                    {
                        output.Append(c);
                    }
                    continue;
                }
                _held.Append(c);
                Resolve(output);
            }
            return output.ToString();
        }

        /// <summary>Whatever is still held at the end of the answer.</summary>
        public string Flush()
        {
            var rest = _held.ToString();
            _held.Clear();
            return rest;
        }

        private void Resolve(StringBuilder output)
        {
            var held = _held.ToString();
            if (PossibleMarkerPrefix().IsMatch(held) && held.Length <= LongestMarker)
            {
                if (held.EndsWith(']'))
                {
                    output.Append(Validate(held, passages));
                    _held.Clear();
                }
                return;
            }
            // Not a marker: release everything but a last character that may start a new one.
            var last = held[^1];
            var keep = last is ' ' or '[';
            output.Append(keep ? held[..^1] : held);
            _held.Clear();
            if (keep)
            {
                _held.Append(last);
            }
        }

        [GeneratedRegex(@"^ ?(\[(\d{1,3}\]?)?)?$")]
        private static partial Regex PossibleMarkerPrefix();
    }
}
