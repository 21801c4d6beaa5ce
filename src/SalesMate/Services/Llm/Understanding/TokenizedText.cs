using System.Diagnostics.CodeAnalysis;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>Looks a normalised phrase up without allocating a string for it.</summary>
internal delegate bool PhraseLookup<T>(ReadOnlySpan<char> phrase, [MaybeNullWhen(false)] out T value);

/// <summary>
/// A <see cref="TextNormalizer"/> result with its word boundaries, so phrases of consecutive words can be looked up
/// as spans of the normalised string (words are separated by exactly one space).
/// </summary>
internal sealed class TokenizedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    public TokenizedText(string raw)
    {
        Text = TextNormalizer.Normalize(raw);
        var starts = new List<int>();
        var ends = new List<int>();
        int i = 0;
        while (i < Text.Length)
        {
            int start = i;
            while (i < Text.Length && Text[i] != ' ') i++;
            starts.Add(start);
            ends.Add(i);
            i++;
        }
        _starts = [.. starts];
        _ends = [.. ends];
        Tokens = [.. starts.Select((s, k) => Text[s..ends[k]])];
    }

    public string Text { get; }

    public string[] Tokens { get; }

    public int Count => _starts.Length;

    /// <summary>The words <paramref name="index"/> .. index + words - 1 as one span ("noise cancelling").</summary>
    public ReadOnlySpan<char> Phrase(int index, int words) =>
        Text.AsSpan(_starts[index], _ends[index + words - 1] - _starts[index]);

    /// <summary>
    /// Left-to-right, longest-first phrase matches of up to <paramref name="maxWords"/> words that do not touch a
    /// word already marked in <paramref name="consumed"/>. Matches are marked consumed when <paramref name="consume"/>.
    /// </summary>
    public List<(int Index, int Words, T Value)> Match<T>(PhraseLookup<T> lookup, int maxWords, bool[] consumed, bool consume)
    {
        var hits = new List<(int, int, T)>();
        int i = 0;
        while (i < Count)
        {
            int matched = 0;
            for (int words = Math.Min(maxWords, Count - i); words >= 1 && matched == 0; words--)
            {
                if (IsFree(consumed, i, words) && lookup(Phrase(i, words), out T? value))
                {
                    hits.Add((i, words, value));
                    matched = words;
                }
            }
            if (matched == 0)
            {
                i++;
                continue;
            }
            if (consume) Array.Fill(consumed, true, i, matched);
            i += matched;
        }
        return hits;
    }

    private static bool IsFree(bool[] consumed, int index, int words)
    {
        for (int k = index; k < index + words; k++)
        {
            if (consumed[k]) return false;
        }
        return true;
    }
}
