using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// Decides whether a message asks what the store's documents answer (warranty, returns, shipping, policies, financing...)
/// rather than for products. A topic word is enough ("how long is the warranty on laptops?"); a question shape alone
/// ("how long...", "do you offer...") counts only when nothing in the message names products, so "how long does the
/// battery last on a gaming laptop" stays a product question. The one place this decision lives, so an intent
/// classifier can take it over (intent <see cref="Intent"/>).
/// </summary>
public static class KnowledgeQuestionDetector
{
    public const string Intent = "knowledge_question";

    private static readonly string[] Topics =
    [
        "warranty", "warranties", "guarantee", "guaranteed", "return", "returns", "returning", "refund", "refunds", "exchange",
        "exchanges", "shipping", "ship", "ships", "delivery", "deliver", "delivered", "policy", "policies", "financing",
        "finance", "installments", "instalments", "price match", "price matching", "trade in", "trade-in", "repair",
        "repairs", "customer support", "tech support", "technical support", "customer service", "store hours",
        "opening hours", "payment methods", "protection plan", "care plan", "track my order", "order tracking", "pickup",
        "pick up in store", "click and collect", "privacy", "restocking fee", "payment", "payments", "pay with", "pay by",
        "emi", "open on", "where are you", "your address", "possession", "loan", "loans", "registration",
        "maintenance charge", "maintenance charges", "insurance", "gap insurance",
    ];

    private static readonly string[] Shapes =
    [
        "how long", "how do i", "how can i", "do you offer", "do you provide", "do you have a", "do you have an", "can i", "is there a", "are there any",
        "what happens if", "what is your", "what's your", "what are your", "do you accept", "how much does it cost to",
    ];

    /// <remarks>
    /// A budget or a follow-up ("cheaper") makes it a product search whatever else it says ("laptop with a 2 year
    /// warranty under $1500"), except a question about a shown product ("does it come with a warranty?"); a topic word next to a category counts only in a question ("how long is the warranty on
    /// laptops?"), not in a search ("gaming laptop with fast delivery").
    /// </remarks>
    public static bool IsKnowledgeQuestion(string message, ParsedQuery parsed)
    {
        // "Amazon has it for $50 less" names a price, but it asks for the price-match policy, not for products under $50.
        if (CompetitorPriceClaim.IsClaim(message))
        {
            return true;
        }
        if (parsed.Budget is not null || parsed.FollowUp is not (FollowUpKind.None or FollowUpKind.ProductQuestion))
        {
            return false;
        }
        var text = $" {Words(message)} ";
        var hasShape = Shapes.Any(shape => text.Contains($" {shape} ", StringComparison.Ordinal));
        if (Topics.Any(topic => text.Contains($" {topic} ", StringComparison.Ordinal)))
        {
            return parsed.Categories.Count == 0 || hasShape || IsQuestion(message, text);
        }
        var namesProducts = !parsed.IsVague || parsed.ProductReferences.Count > 0;
        return !namesProducts && hasShape;
    }

    /// <summary>
    /// A question with no topic word or question shape that names no products, budget or follow-up ("what's the interest
    /// rate?", "if I order today when will it arrive?"): the documents may answer it. It is answered from them only when a
    /// passage covers it (<see cref="KnowledgeAnswers"/>); otherwise it stays a product conversation, as before.
    /// </summary>
    public static bool MayBeKnowledgeQuestion(string message, ParsedQuery parsed) =>
        parsed.IsVague && parsed.ProductReferences.Count == 0 && parsed.SmallTalk == SmallTalkKind.None
        && IsQuestion(message, $" {Words(message)} ");

    private static bool IsQuestion(string message, string words) =>
        message.TrimEnd().EndsWith('?') || QuestionStarts.Any(start => words.StartsWith($" {start} ", StringComparison.Ordinal));

    private static readonly string[] QuestionStarts = ["what", "how", "is", "are", "do", "does", "can", "will", "when", "where", "which", "who"];

    /// <summary>Lower case, letters, digits, apostrophes and hyphens kept, everything else a single space.</summary>
    private static string Words(string message)
    {
        var chars = message.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c is '\'' or '-' ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
