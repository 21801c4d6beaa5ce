using System.Text;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// The one comparison for the ways a shopper and a catalog write the same words: plural or singular ("speakers" and
/// "six-speaker"), joined or apart ("noisecancelling", "noise-cancelling", "noise cancelling"; "usbc", "USB-C", "usb c").
/// Both sides are <see cref="TextNormalizer"/> output, where hyphens are already spaces and known spellings canonical.
/// </summary>
public static class PhraseForms
{
    /// <summary>True when a run of whole words of <paramref name="text"/> is <paramref name="phrase"/> in any of those forms.</summary>
    public static bool Contains(string text, string phrase)
    {
        var target = Key(phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (target.Length == 0)
        {
            return false;
        }
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var run = new StringBuilder(target.Length + 16);
        for (int start = 0; start < words.Length; start++)
        {
            run.Clear();
            for (int end = start; end < words.Length && run.Length < target.Length; end++)
            {
                run.Append(CatalogVocabulary.Singular(words[end]));
                if (run.Length == target.Length && run.Equals(target))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>True when two words are one word in singular or plural ("batteries", "battery").</summary>
    public static bool SameWord(string a, string b) =>
        a == b || CatalogVocabulary.Singular(a) == CatalogVocabulary.Singular(b);

    private static string Key(IEnumerable<string> words) => string.Concat(words.Select(CatalogVocabulary.Singular));
}
