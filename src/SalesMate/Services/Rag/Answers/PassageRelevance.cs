using SalesMate.Services.Rag.FullText;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// How much of a question a passage covers: the share of the question's content words found in the passage (its text,
/// section and title), matching on a shared stem of up to five letters ("laptops" finds "laptop"). Retrieval ranks with
/// reciprocal rank fusion, whose scores only say which passage came first, and vector search always returns something;
/// this is the absolute measure that decides whether there is anything to answer from (<c>rag.answers.min_relevance</c>).
/// </summary>
public static class PassageRelevance
{
    /// <summary>Words that shape a question without saying what it is about.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "long", "much", "many", "offer", "provide", "tell", "know", "please", "any", "have", "has", "need", "like", "would",
        "could", "should", "about", "much", "there", "here", "some", "all", "one", "ones", "get", "make", "take", "whats",
    };

    public static IReadOnlyList<string> ContentWords(string question) =>
        QueryTerms.Of(question).Where(w => !QuestionWords.Contains(w)).ToList();

    /// <summary>0 (no content word of the question in the passage) to 1 (all of them); 0 for a question without content words.</summary>
    public static double Of(IReadOnlyList<string> contentWords, RetrievedPassage passage)
    {
        if (contentWords.Count == 0)
        {
            return 0;
        }
        var haystack = $"{passage.Title}\n{passage.Section}\n{passage.Text}";
        var found = contentWords.Count(word => haystack.Contains(Stem(word), StringComparison.OrdinalIgnoreCase));
        return (double)found / contentWords.Count;
    }

    /// <summary>Content words of the question in the passage's section heading: among equally relevant passages, the one
    /// whose heading names the subject ("Laptops" for the laptop warranty) is the better answer.</summary>
    public static int InHeading(IReadOnlyList<string> contentWords, RetrievedPassage passage) =>
        passage.Section is { Length: > 0 } section
            ? contentWords.Count(word => section.Contains(Stem(word), StringComparison.OrdinalIgnoreCase))
            : 0;

    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;
}
