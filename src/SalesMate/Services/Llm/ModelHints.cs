using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm;

/// <summary>Tells apart products of one name by the numbers and model words a shopper gives ("macbook air 13", "the 512gb one").</summary>
internal static class ModelHints
{
    /// <summary>
    /// How many of <paramref name="hints"/> (normalised words) the product's name or spec values have. A bare number also
    /// matches that number with a unit: "13" is the name's 13in, but neither 13.6in nor 130.
    /// </summary>
    public static int Matching(Product product, IReadOnlyList<string> hints)
    {
        if (hints.Count == 0)
        {
            return 0;
        }
        var words = TextNormalizer.Tokenize(string.Join(' ', [product.Name, .. product.Specs.Values])).ToHashSet(StringComparer.Ordinal);
        return hints.Count(hint => words.Contains(hint) || (TextNormalizer.IsNumber(hint, out _) && words.Any(w => IsNumberWithUnit(w, hint))));
    }

    private static bool IsNumberWithUnit(string word, string number) =>
        word.Length > number.Length && word.StartsWith(number, StringComparison.Ordinal) && char.IsAsciiLetter(word[number.Length]);
}
