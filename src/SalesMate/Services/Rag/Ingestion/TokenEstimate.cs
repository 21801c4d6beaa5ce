namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Token counts without a tokenizer library (none restores here): the larger of the word count and characters / 4.
/// For English prose BPE tokenizers (cl100k, o200k) average about 4 characters or 0.75 words per token, so this is
/// within roughly 10-25 % and errs towards more tokens for short words and numbers; it only sizes chunks.
/// </summary>
public static class TokenEstimate
{
    public static int Count(string text) => Count(text.AsSpan());

    public static int Count(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c);
            if (!isSpace && !inWord)
            {
                words++;
            }
            inWord = !isSpace;
        }
        return Math.Max(words, (text.Length + 3) / 4);
    }
}
