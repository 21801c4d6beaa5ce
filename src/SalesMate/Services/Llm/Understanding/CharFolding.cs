namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// First pass of <see cref="TextNormalizer"/>: lower-cases, folds Latin diacritics to ASCII (done by table because
/// the app runs with InvariantGlobalization, where string.Normalize does not decompose), and turns everything that
/// is not a letter or digit into a single space. Keeps "1,299.99" as "1299.99" and turns an inch mark after a
/// digit into "in" ("15.6\"" -> "15.6in").
/// </summary>
internal static class CharFolding
{
    private const int LatinStart = 0xC0;

    // Lower-case ASCII fold for U+00C0..U+017F; '\0' = not a letter (× ÷), ' ' never used.
    private static readonly char[] LatinFold = BuildLatinFold();

    /// <summary>Writes the folded text into <paramref name="output"/> (needs 2 × input length) and returns its length.</summary>
    public static int Fold(string text, Span<char> output)
    {
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterUpper(c)) c = (char)(c | 0x20);
                if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
                {
                    output[n++] = c;
                }
                else if (c == '\'')
                {
                    // dropped: "that's" -> "thats"
                }
                else if (c == '"' && PrevIsDigit(output, n))
                {
                    output[n++] = 'i';
                    output[n++] = 'n';
                }
                else if (c == ',' && PrevIsDigit(output, n) && IsDigitGroup(text, i + 1))
                {
                    // thousands separator: dropped
                }
                else if (c == '.' && PrevIsDigit(output, n) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                {
                    output[n++] = '.';
                }
                else
                {
                    n = Separator(output, n);
                }
                continue;
            }

            if (c >= LatinStart && c < LatinStart + LatinFold.Length)
            {
                char folded = LatinFold[c - LatinStart];
                if (folded == '\0') n = Separator(output, n);
                else output[n++] = folded;
                continue;
            }

            switch (c)
            {
                case >= '\u0300' and <= '\u036F': // combining diacritics
                case '\u2019' or '\u2018':        // curly apostrophes
                    continue;
                case '\u201D' or '\u2033' when PrevIsDigit(output, n):
                    output[n++] = 'i';
                    output[n++] = 'n';
                    continue;
            }

            c = char.ToLowerInvariant(c);
            var category = char.GetUnicodeCategory(c);
            if (char.IsLetterOrDigit(c) || category is System.Globalization.UnicodeCategory.NonSpacingMark
                    or System.Globalization.UnicodeCategory.SpacingCombiningMark)
            {
                output[n++] = c; // other scripts (Devanagari, ...) are kept as they are
            }
            else
            {
                n = Separator(output, n);
            }
        }

        if (n > 0 && output[n - 1] == ' ') n--;
        return n;
    }

    private static bool PrevIsDigit(Span<char> output, int n) => n > 0 && char.IsAsciiDigit(output[n - 1]);

    private static int Separator(Span<char> output, int n)
    {
        if (n > 0 && output[n - 1] != ' ') output[n++] = ' ';
        return n;
    }

    /// <summary>True when a comma at <paramref name="i"/>-1 separates digit groups: ",299" / ",000" or Indian ",50,".</summary>
    private static bool IsDigitGroup(string text, int i)
    {
        int digits = 0;
        while (i + digits < text.Length && char.IsAsciiDigit(text[i + digits])) digits++;
        int after = i + digits;
        bool endsGroup = after >= text.Length || text[after] is not (>= '0' and <= '9');
        if (digits == 3) return endsGroup;
        return digits == 2 && after < text.Length && text[after] == ',';
    }

    private static char[] BuildLatinFold()
    {
        // U+00C0..U+00FF
        const string latin1 = "aaaaaaæceeeeiiiidnooooo\0ouuuuyþß" + "aaaaaaæceeeeiiiidnooooo\0ouuuuyþy";
        // U+0100..U+017F as runs of (letter, count)
        (char Letter, int Count)[] extendedA =
        [
            ('a', 6), ('c', 8), ('d', 4), ('e', 10), ('g', 8), ('h', 4), ('i', 12), ('j', 2), ('k', 3), ('l', 10),
            ('n', 9), ('o', 8), ('r', 6), ('s', 8), ('t', 6), ('u', 12), ('w', 2), ('y', 3), ('z', 6), ('s', 1),
        ];
        var table = new List<char>(192);
        table.AddRange(latin1);
        foreach (var (letter, count) in extendedA) table.AddRange(Enumerable.Repeat(letter, count));
        if (table.Count != 192) throw new InvalidOperationException("Latin fold table must cover U+00C0..U+017F.");
        return [.. table];
    }
}
