using System.Text;

namespace SalesMate.Services.Voice;

/// <summary>
/// Cuts streamed answer text into sentences, so each can be spoken as soon as it is complete. The first piece may end
/// at a clause (", " "; " ": ") once it is <see cref="FirstClauseChars"/> long: a model writing a long first sentence
/// then starts speaking a clause earlier (first audio is what the user waits for).
/// </summary>
public sealed class SentenceSplitter
{
    public const int FirstClauseChars = 30;

    private readonly StringBuilder _pending = new();
    private bool _cutAny;

    /// <summary>Adds text and returns the sentences it completed (a '.', '!', '?' or newline followed by whitespace).</summary>
    public IReadOnlyList<string> Add(string text)
    {
        _pending.Append(text);
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < _pending.Length - 1; i++)
        {
            var c = _pending[i];
            var ends = c is '\n' || (c is '.' or '!' or '?' && char.IsWhiteSpace(_pending[i + 1]) && !IsDecimalOrAbbreviation(i));
            if (ends)
            {
                AddIfSpeakable(sentences, _pending.ToString(start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start == 0 && !_cutAny && FirstClauseEnd() is { } clause)
        {
            AddIfSpeakable(sentences, _pending.ToString(0, clause + 1));
            start = clause + 1;
        }
        _cutAny |= start > 0;
        _pending.Remove(0, start);
        return sentences;
    }

    private int? FirstClauseEnd()
    {
        for (var i = FirstClauseChars - 1; i < _pending.Length - 1; i++)
        {
            if (_pending[i] is ',' or ';' or ':' && char.IsWhiteSpace(_pending[i + 1]))
            {
                return i;
            }
        }
        return null;
    }

    /// <summary>What is left once the answer is complete.</summary>
    public string? Flush()
    {
        var rest = _pending.ToString().Trim();
        _pending.Clear();
        return Speakable(rest) ? rest : null;
    }

    private bool IsDecimalOrAbbreviation(int dot) =>
        _pending[dot] == '.' && dot > 0 && dot + 2 < _pending.Length && char.IsDigit(_pending[dot - 1]) && char.IsDigit(_pending[dot + 1])
        || (_pending[dot] == '.' && dot >= 2 && _pending.ToString(dot - 2, 2) is "Mr" or "Dr" or "vs" or "Ms" or "St");

    private static void AddIfSpeakable(List<string> sentences, string sentence)
    {
        var trimmed = sentence.Trim();
        if (Speakable(trimmed))
        {
            sentences.Add(trimmed);
        }
    }

    private static bool Speakable(string text) => text.Any(char.IsLetterOrDigit);
}

/// <summary>Answer text as it should be read aloud: no markdown, no [n] citation markers, no URLs.</summary>
public static partial class SpokenText
{
    public static string Clean(string text)
    {
        var cleaned = Citations().Replace(text, "");
        cleaned = Urls().Replace(cleaned, "the link");
        cleaned = Markdown().Replace(cleaned, "");
        return Spaces().Replace(cleaned, " ").Trim();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[\d+\]")]
    private static partial System.Text.RegularExpressions.Regex Citations();

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://\S+")]
    private static partial System.Text.RegularExpressions.Regex Urls();

    [System.Text.RegularExpressions.GeneratedRegex(@"[*_#`>|]+")]
    private static partial System.Text.RegularExpressions.Regex Markdown();

    [System.Text.RegularExpressions.GeneratedRegex(@"\s+")]
    private static partial System.Text.RegularExpressions.Regex Spaces();
}
