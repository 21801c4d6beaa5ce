namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// The Porter (1980) stemmer as SQLite's FTS5 <c>porter</c> tokenizer applies it: tokens shorter than 3 or longer than 64
/// UTF-8 bytes pass through; within a step the first rule whose suffix matches decides, even when its condition fails.
/// <c>PassageTextIndexTests</c> compares it with FTS5 itself word by word.
/// </summary>
public static class PorterStemmer
{
    private const int MaxTokenBytes = 64;

    private delegate bool Condition(ReadOnlySpan<char> stem);

    private readonly record struct Rule(string Suffix, Condition? When, string Output);

    private static readonly Rule[] Step1B = [new("eed", MeasureAbove0, "ee"), new("ed", HasVowel, ""), new("ing", HasVowel, "")];
    private static readonly Rule[] Step1B2 = [new("at", null, "ate"), new("bl", null, "ble"), new("iz", null, "ize")];

    private static readonly Rule[] Step2 =
    [
        new("ational", MeasureAbove0, "ate"), new("tional", MeasureAbove0, "tion"), new("enci", MeasureAbove0, "ence"),
        new("anci", MeasureAbove0, "ance"), new("izer", MeasureAbove0, "ize"), new("logi", MeasureAbove0, "log"),
        new("bli", MeasureAbove0, "ble"), new("alli", MeasureAbove0, "al"), new("entli", MeasureAbove0, "ent"),
        new("eli", MeasureAbove0, "e"), new("ousli", MeasureAbove0, "ous"), new("ization", MeasureAbove0, "ize"),
        new("ation", MeasureAbove0, "ate"), new("ator", MeasureAbove0, "ate"), new("alism", MeasureAbove0, "al"),
        new("iveness", MeasureAbove0, "ive"), new("fulness", MeasureAbove0, "ful"), new("ousness", MeasureAbove0, "ous"),
        new("aliti", MeasureAbove0, "al"), new("iviti", MeasureAbove0, "ive"), new("biliti", MeasureAbove0, "ble"),
    ];

    private static readonly Rule[] Step3 =
    [
        new("icate", MeasureAbove0, "ic"), new("ative", MeasureAbove0, ""), new("alize", MeasureAbove0, "al"),
        new("iciti", MeasureAbove0, "ic"), new("ical", MeasureAbove0, "ic"), new("ful", MeasureAbove0, ""), new("ness", MeasureAbove0, ""),
    ];

    private static readonly Rule[] Step4 =
    [
        new("al", MeasureAbove1, ""), new("ance", MeasureAbove1, ""), new("ence", MeasureAbove1, ""), new("er", MeasureAbove1, ""),
        new("ic", MeasureAbove1, ""), new("able", MeasureAbove1, ""), new("ible", MeasureAbove1, ""), new("ant", MeasureAbove1, ""),
        new("ement", MeasureAbove1, ""), new("ment", MeasureAbove1, ""), new("ent", MeasureAbove1, ""),
        new("ion", MeasureAbove1EndsSOrT, ""), new("ou", MeasureAbove1, ""), new("ism", MeasureAbove1, ""), new("ate", MeasureAbove1, ""),
        new("iti", MeasureAbove1, ""), new("ous", MeasureAbove1, ""), new("ive", MeasureAbove1, ""), new("ize", MeasureAbove1, ""),
    ];

    /// <summary>Stems the lower-case word in <paramref name="buffer"/>[..<paramref name="length"/>] in place and returns its new length.</summary>
    public static int Stem(Span<char> buffer, int length)
    {
        var word = buffer[..length];
        if (!System.Text.Ascii.IsValid(word))
        {
            return StemUtf8(buffer, length);
        }
        return length is < 3 or > MaxTokenBytes ? length : StemBytes(buffer, length);
    }

    /// <summary>
    /// FTS5 stems UTF-8 bytes: a non-ASCII letter counts as one consonant per byte. The word goes through as one char per
    /// byte and back, so measures and the *o test see what FTS5 sees ("straße" -> "straß").
    /// </summary>
    private static int StemUtf8(Span<char> buffer, int length)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(buffer[..length].ToArray());
        if (utf8.Length is < 3 or > MaxTokenBytes)
        {
            return length;
        }
        Span<char> bytes = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            bytes[i] = (char)utf8[i];
        }
        var n = StemBytes(bytes, utf8.Length);
        for (var i = 0; i < n; i++)
        {
            utf8[i] = (byte)bytes[i];
        }
        var stemmed = System.Text.Encoding.UTF8.GetString(utf8, 0, n);
        stemmed.CopyTo(buffer);
        return stemmed.Length;
    }

    private static int StemBytes(Span<char> buffer, int length)
    {
        var n = Step1A(buffer, length);
        if (Apply(buffer, ref n, Step1B, out _))
        {
            Apply(buffer, ref n, Step1B2, out var matched);
            if (!matched)
            {
                var last = buffer[n - 1];
                if (!IsVowel(last, false) && last is not ('l' or 's' or 'z') && n >= 2 && last == buffer[n - 2])
                {
                    n--;
                }
                else if (MeasureIs1(buffer[..n]) && EndsCvc(buffer[..n]))
                {
                    buffer[n++] = 'e';
                }
            }
        }
        if (buffer[n - 1] == 'y' && HasVowel(buffer[..(n - 1)]))
        {
            buffer[n - 1] = 'i';
        }
        Apply(buffer, ref n, Step2, out _);
        Apply(buffer, ref n, Step3, out _);
        Apply(buffer, ref n, Step4, out _);
        if (buffer[n - 1] == 'e')
        {
            var stem = buffer[..(n - 1)];
            if (MeasureAbove1(stem) || (MeasureIs1(stem) && !EndsCvc(stem)))
            {
                n--;
            }
        }
        if (n > 1 && buffer[n - 1] == 'l' && buffer[n - 2] == 'l' && MeasureAbove1(buffer[..(n - 1)]))
        {
            n--;
        }
        return n;
    }

    private static int Step1A(Span<char> w, int n)
    {
        if (w[n - 1] != 's')
        {
            return n;
        }
        if (w[n - 2] == 'e')
        {
            return (n > 4 && w[n - 4] == 's' && w[n - 3] == 's') || (n > 3 && w[n - 3] == 'i') ? n - 2 : n - 1;
        }
        return w[n - 2] == 's' ? n : n - 1;
    }

    /// <summary>True when the deciding rule matched and its condition held (FTS5's "ret" for step 1B).</summary>
    private static bool Apply(Span<char> w, ref int n, Rule[] rules, out bool matched)
    {
        matched = false;
        foreach (var rule in rules)
        {
            var suffix = rule.Suffix.Length;
            if (n <= suffix || !w[..n].EndsWith(rule.Suffix, StringComparison.Ordinal))
            {
                continue;
            }
            if (rule.When is not null && !rule.When(w[..(n - suffix)]))
            {
                return false;
            }
            rule.Output.CopyTo(w[(n - suffix)..]);
            n = n - suffix + rule.Output.Length;
            // Step 1B's "eed" rule rewrites without counting as a match (no step 1B2 afterwards), as in FTS5.
            matched = rule.Suffix != "eed";
            return matched;
        }
        return false;
    }

    private static bool IsVowel(char c, bool yIsVowel) => c is 'a' or 'e' or 'i' or 'o' or 'u' || (yIsVowel && c == 'y');

    /// <summary>Length of the first vowel-then-consonant run from the start, or 0 when there is none.</summary>
    private static int GobbleVowelConsonant(ReadOnlySpan<char> z, bool previousConsonant)
    {
        var consonant = previousConsonant;
        var i = 0;
        for (; i < z.Length; i++)
        {
            consonant = !IsVowel(z[i], consonant);
            if (!consonant)
            {
                break;
            }
        }
        for (i++; i < z.Length; i++)
        {
            consonant = !IsVowel(z[i], consonant);
            if (consonant)
            {
                return i + 1;
            }
        }
        return 0;
    }

    private static bool MeasureAbove0(ReadOnlySpan<char> stem) => GobbleVowelConsonant(stem, false) != 0;

    private static bool MeasureAbove1(ReadOnlySpan<char> stem)
    {
        var n = GobbleVowelConsonant(stem, false);
        return n != 0 && GobbleVowelConsonant(stem[n..], true) != 0;
    }

    private static bool MeasureIs1(ReadOnlySpan<char> stem)
    {
        var n = GobbleVowelConsonant(stem, false);
        return n != 0 && GobbleVowelConsonant(stem[n..], true) == 0;
    }

    private static bool MeasureAbove1EndsSOrT(ReadOnlySpan<char> stem) => stem.Length > 0 && stem[^1] is 's' or 't' && MeasureAbove1(stem);

    /// <summary>*o: ends consonant-vowel-consonant, the last not w, x or y.</summary>
    private static bool EndsCvc(ReadOnlySpan<char> stem)
    {
        if (stem.Length == 0 || stem[^1] is 'w' or 'x' or 'y')
        {
            return false;
        }
        var mask = 0;
        var consonant = false;
        foreach (var c in stem)
        {
            consonant = !IsVowel(c, consonant);
            mask = (mask << 1) | (consonant ? 1 : 0);
        }
        return (mask & 7) == 5;
    }

    /// <summary>*v*: a vowel somewhere ('y' counts after the first letter).</summary>
    private static bool HasVowel(ReadOnlySpan<char> stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (IsVowel(stem[i], i > 0))
            {
                return true;
            }
        }
        return false;
    }
}
