using SalesMate.Core.Entities;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// The keyless answer to a competitor's price (<see cref="CompetitorPriceClaim"/>): the store's price-match policy quoted
/// with its source, or, when the documents have none, an honest "I can't promise that" with no policy made up.
/// </summary>
public static class PriceMatchAnswerText
{
    public const string CheaperChip = "Show me something cheaper";

    private const string Thanks = "Thanks for letting me know. ";
    // A yes after it shows those options: the answer records the offer (PendingOffer.CheaperOptions).
    private const string CheaperOffer = "Would you like me to show you cheaper options meanwhile?";
    private const string Closing = "Is there anything else you would like to know?";

    public static (string Text, IReadOnlyList<Citation> Sources) Policy(KnowledgeGrounding grounding)
    {
        // Only the best passage: the policy itself, not the discounts that share its document.
        var policy = grounding with { Passages = grounding.Passages.Take(1).ToList(), Relevance = grounding.Relevance.Take(1).ToList() };
        var (text, sources) = KnowledgeAnswerText.Extractive(policy);
        var body = text.EndsWith(Closing, StringComparison.Ordinal) ? text[..^Closing.Length] : text + "\n\n";
        return ($"{Thanks}{body}{CheaperOffer}", sources);
    }

    public static string NoPolicy(string? salesContact) =>
        $"{Thanks}I can't find a price-match policy in our documents, so I can't promise to match another seller's price. " +
        (salesContact is { Length: > 0 } email ? $"Our sales team can tell you whether they can: email them at {email}. " : "") +
        CheaperOffer;
}
