using System.Globalization;
using System.Text;

namespace SalesMate.Services.Rag.FullText;

/// <summary>
/// The tokens of migration 0011's FTS5 table (<c>porter unicode61 remove_diacritics 2</c>) computed in process: runs of
/// letters, digits and private-use characters (combining marks stay inside a token and are dropped), lower-cased,
/// diacritics removed, then Porter-stemmed. Equal to FTS5 for the text the tests compare (English, accented Latin);
/// characters outside the Basic Multilingual Plane are case-folded by .NET rather than by SQLite's tables.
/// Not thread-safe: one instance per thread.
/// </summary>
public sealed class PassageTokenizer
{
    private static readonly Lazy<char[]> FoldTable = new(BuildFoldTable);

    private char[] _buffer = new char[64];

    /// <summary>
    /// Calls <paramref name="onWord"/> with each word of <paramref name="text"/>, folded but not yet stemmed (see
    /// <see cref="Stem"/>); the span is valid only during the call.
    /// </summary>
    public void Words<TState>(ReadOnlySpan<char> text, ref TState state, WordHandler<TState> onWord)
    {
        var fold = FoldTable.Value;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsTokenChar(text, i, out _))
            {
                i++;
            }
            if (i >= text.Length)
            {
                break;
            }
            var length = 0;
            while (i < text.Length)
            {
                if (IsTokenChar(text, i, out var width))
                {
                    if (width == 2)
                    {
                        var lower = Rune.ToLowerInvariant(new Rune(text[i], text[i + 1]));
                        EnsureCapacity(length + 3);
                        length += lower.EncodeToUtf16(_buffer.AsSpan(length));
                    }
                    else
                    {
                        EnsureCapacity(length + 2);
                        _buffer[length++] = fold[text[i]];
                    }
                    i += width;
                }
                else if (IsCombiningMark(text[i]))
                {
                    i++;
                }
                else
                {
                    break;
                }
            }
            if (length > 0)
            {
                onWord(_buffer.AsSpan(0, length), ref state);
            }
        }
    }

    /// <summary>The tokens (stemmed words) as strings, for short texts such as a question.</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        new PassageTokenizer().Words(text, ref tokens, static (word, ref list) => list.Add(Stem(word)));
        return tokens;
    }

    public delegate void WordHandler<TState>(ReadOnlySpan<char> word, ref TState state);

    /// <summary>The Porter stem of a folded word, as FTS5's porter tokenizer makes it.</summary>
    public static string Stem(ReadOnlySpan<char> word)
    {
        var buffer = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        word.CopyTo(buffer);
        return new string(buffer[..PorterStemmer.Stem(buffer, word.Length)]);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }

    private static bool IsTokenChar(ReadOnlySpan<char> text, int i, out int width)
    {
        width = 1;
        var c = text[i];
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c);
        }
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            width = 2;
            return IsTokenCategory(Rune.GetUnicodeCategory(new Rune(c, text[i + 1])));
        }
        return IsTokenCategory(char.GetUnicodeCategory(c));
    }

    private static bool IsTokenCategory(UnicodeCategory category) => category is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
        or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
        or UnicodeCategory.OtherNumber or UnicodeCategory.PrivateUse;

    /// <summary>The combining diacritical marks FTS5 keeps inside a token and folds away.</summary>
    private static bool IsCombiningMark(char c) => c is >= '\u0300' and <= '\u036F';

    /// <summary>
    /// Lower case, and the Latin letters with a canonical decomposition into letter + diacritics folded to the letter, as
    /// SQLite's remove_diacritics tables do ('É' -> 'e'; 'ø', 'ł', 'ß' have no decomposition and stay). Written out because
    /// string normalization is not available under invariant globalization.
    /// </summary>
    private static char[] BuildFoldTable()
    {
        const string Folds = "àaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoùuúuûuüuýyÿyāaăaąaćcĉcċcčcďdēeĕeėeęeěeĝgğgġgģgĥhĩiīiĭiįiĵjķkĺlļlľlńnņnňnōoŏoőoŕrŗrřrśsŝsşsšsţtťtũuūuŭuůuűuųuŵwŷyźzżzžz";
        var table = new char[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = char.ToLowerInvariant((char)c);
        }
        var folded = new Dictionary<char, char>();
        for (var i = 0; i < Folds.Length; i += 2)
        {
            folded[Folds[i]] = Folds[i + 1];
        }
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (folded.TryGetValue(table[c], out var letter))
            {
                table[c] = letter;
            }
        }
        return table;
    }
}
