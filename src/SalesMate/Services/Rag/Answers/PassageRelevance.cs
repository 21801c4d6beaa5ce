using System.Text.RegularExpressions;
using SalesMate.Services.Rag.FullText;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// How much of a question a passage covers: the share of the question's content words found in the passage (its text,
/// section and title), matching words that start with a shared stem of up to five letters ("laptops" finds "laptop",
/// "up" does not find "setup"), or with the stem of a word shoppers use for the same thing ("arrive" finds "delivery",
/// "pick up" finds "collect"). Retrieval ranks with reciprocal rank fusion, whose scores only say which passage came
/// first, and vector search always returns something; this is the absolute measure that decides whether there is
/// anything to answer from (<c>rag.answers.min_relevance</c>), and <see cref="Select"/> which passages answer best.
/// </summary>
public static partial class PassageRelevance
{
    /// <summary>Words that shape a question without saying what it is about.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "long", "much", "many", "offer", "provide", "tell", "know", "please", "any", "have", "has", "need", "like", "would",
        "could", "should", "about", "there", "here", "some", "all", "one", "ones", "get", "make", "take", "whats", "up",
    };

    /// <summary>
    /// Words a shopper asks with and the words a policy document states the same thing in. A question word is found in a
    /// passage that has it or one of these. General shop vocabulary, not tied to any one document.
    /// </summary>
    private static readonly Dictionary<string, string[]> SameThing = new(StringComparer.Ordinal)
    {
        ["cost"] = ["cost", "price", "fee"],
        ["costs"] = ["cost", "price", "fee"],
        ["price"] = ["price", "cost", "fee"],
        ["fee"] = ["fee", "cost"],
        ["fees"] = ["fee", "cost"],
        ["arrive"] = ["arriv", "deliver"],
        ["arrives"] = ["arriv", "deliver"],
        ["pick"] = ["pick", "collect"],
        ["pickup"] = ["pick", "collect"],
        ["rate"] = ["rate", "apr"],
        ["rates"] = ["rate", "apr"],
        ["shop"] = ["shop", "store"],
        ["discount"] = ["discount", "voucher", "promotion"],
        ["discounts"] = ["discount", "voucher", "promotion"],
        ["package"] = ["packag", "parcel"],
        ["parcel"] = ["parcel", "packag"],
    };

    /// <summary>
    /// Words that name the kind of document or scheme, not its subject: "Warranty Policy" is about the warranty, and
    /// "your policy on pets" or "a loyalty program" about pets and loyalty. Every policy document has "policy" in it, so
    /// counting the word would let any of them half-answer a question about something they never mention.
    /// </summary>
    private static readonly HashSet<string> DocumentKinds = new(StringComparer.Ordinal)
    {
        "policy", "policies", "faq", "faqs", "guide", "terms", "conditions", "information", "info", "questions",
        "program", "programs", "programme", "programmes", "scheme", "schemes",
    };

    /// <summary>
    /// The question's content words; e-mail addresses and phone numbers say who asks, not what about, and a lone letter
    /// ("what's" splits into "what" and "s") says nothing. "How much" asks for a cost. A word naming a kind of document
    /// (<see cref="DocumentKinds"/>) counts only when it is all the question names ("what are your policies?").
    /// </summary>
    public static IReadOnlyList<string> ContentWords(string question)
    {
        var text = ContactDetails().Replace(question, " ");
        var words = QueryTerms.Of(text).Where(w => w.Length > 1 && !QuestionWords.Contains(w)).ToList();
        if (words.Any(w => !DocumentKinds.Contains(w)))
        {
            words.RemoveAll(DocumentKinds.Contains);
        }
        if (HowMuch().IsMatch(text) && !words.Any(w => SameThing.TryGetValue(w, out var same) && same.Contains("cost")))
        {
            words.Add("cost");
        }
        return words;
    }

    [GeneratedRegex(@"\S+@\S+|\+?\d[\d\s().-]{6,}\d")]
    private static partial Regex ContactDetails();

    [GeneratedRegex(@"\bhow much\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowMuch();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>0 (no content word of the question in the passage) to 1 (all of them); 0 for a question without content words.</summary>
    public static double Of(IReadOnlyList<string> contentWords, RetrievedPassage passage)
    {
        if (contentWords.Count == 0)
        {
            return 0;
        }
        var words = WordsOf($"{passage.Title}\n{passage.Section}\n{passage.Text}");
        var found = contentWords.Count(word => Finds(words, word));
        return (double)found / contentWords.Count;
    }

    /// <summary>Content words of the question in the passage's section heading: among equally relevant passages, the one
    /// whose heading names the subject ("Laptops" for the laptop warranty) is the better answer.</summary>
    /// <remarks>The heading is the section's own, the last of its path ("Warranty Policy > Laptops"): the document's title
    /// at the front of every path names nothing one passage has more than another.</remarks>
    public static int InHeading(IReadOnlyList<string> contentWords, RetrievedPassage passage) =>
        passage.Section is { Length: > 0 } section ? contentWords.Count(word => Finds(WordsOf(section[(section.LastIndexOf('>') + 1)..]), word)) : 0;

    /// <summary>
    /// The passages that cover the question (relevance at least <paramref name="minRelevance"/>), best first, at most
    /// <paramref name="maxSources"/>: the most relevant; then those of a document whose whole subject the question names
    /// ("what is your warranty?" and the "Warranty Policy", rather than "Out of warranty repairs" elsewhere); then the one
    /// whose heading names more of the question. In a document whose subject the question names, that word is in every
    /// passage, so a heading that repeats it ("What voids the warranty") makes no passage a better answer: the document's
    /// own order decides, its opening terms first. Otherwise equal passages keep their retrieval order.
    /// </summary>
    public static IReadOnlyList<(RetrievedPassage Passage, double Relevance)> Select(string question, IReadOnlyList<RetrievedPassage> passages,
        double minRelevance, int maxSources)
    {
        var words = ContentWords(question);
        // Sorting is stable: equally relevant passages with equally telling headings keep their retrieval order.
        return passages
            .Select(p => (Passage: p, Relevance: Of(words, p), Whole: NamesWholeSubject(words, p)))
            .Select(p => (p.Passage, p.Relevance, p.Whole,
                Heading: InHeading(p.Whole ? words.Where(w => !Finds(WordsOf(p.Passage.Title), w)).ToList() : words, p.Passage)))
            .Where(p => p.Relevance >= minRelevance)
            .OrderByDescending(p => p.Relevance)
            .ThenByDescending(p => p.Whole)
            .ThenByDescending(p => p.Heading)
            .ThenBy(p => p.Whole ? p.Passage.Ordinal : int.MaxValue)
            .Take(maxSources)
            .Select(p => (p.Passage, p.Relevance))
            .ToList();
    }

    /// <summary>Whether the question names every subject word of the passage's document title ("warranty" for "Warranty Policy").</summary>
    private static bool NamesWholeSubject(IReadOnlyList<string> contentWords, RetrievedPassage passage)
    {
        var subject = QueryTerms.Of(passage.Title).Where(w => !DocumentKinds.Contains(w)).ToList();
        return subject.Count > 0 && subject.All(title => contentWords.Any(word => Finds([title], word)));
    }

    private static List<string> WordsOf(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    /// <summary>Whether a word of <paramref name="words"/> starts with the stem of the question word or of one meaning the same.</summary>
    private static bool Finds(IReadOnlyList<string> words, string questionWord)
    {
        var stems = SameThing.TryGetValue(questionWord, out var same) ? same.Select(Stem).Append(Stem(questionWord)) : [Stem(questionWord)];
        return stems.Any(stem => words.Any(w => w.StartsWith(stem, StringComparison.Ordinal)));
    }

    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;
}
