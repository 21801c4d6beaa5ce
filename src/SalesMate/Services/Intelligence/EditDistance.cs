namespace SalesMate.Services.Intelligence;

/// <summary>String similarity for spelling correction: optimal-string-alignment distance and trigram overlap.</summary>
internal static class EditDistance
{
    /// <summary>
    /// Insertions, deletions, substitutions and adjacent transpositions ("macbok" -> "macbook" is 1, "hebabl" ->
    /// "hebbal" is 1). Returns <paramref name="max"/> + 1 as soon as the distance must exceed <paramref name="max"/>.
    /// </summary>
    public static int Osa(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }
            if (rowMin > max) return max + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return Math.Min(previous[b.Length], max + 1);
    }

    /// <summary>Dice coefficient of the padded character trigrams of two words (1 = same trigrams, 0 = none shared).</summary>
    public static double TrigramSimilarity(string a, string b)
    {
        var left = Trigrams(a);
        var right = Trigrams(b);
        int total = left.Count + right.Count;
        int shared = 0;
        foreach (var gram in left)
        {
            if (right.Remove(gram)) shared++;
        }
        return total == 0 ? 0 : 2.0 * shared / total;
    }

    private static List<string> Trigrams(string word)
    {
        var padded = $"  {word} ";
        var grams = new List<string>(padded.Length);
        for (int i = 0; i + 3 <= padded.Length; i++) grams.Add(padded.Substring(i, 3));
        return grams;
    }
}
