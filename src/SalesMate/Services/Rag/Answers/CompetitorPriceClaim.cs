using System.Text.RegularExpressions;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// "I saw it cheaper elsewhere", "Amazon has it for $50 less", "can you match that price?": a price objection that names
/// another seller's price. The store's answer to it is its price-match policy, so it is answered from the documents
/// (retrieved for <see cref="PolicyQuestion"/>, not for the shopper's words, which rarely name the policy), never as
/// a product search for "$50".
/// </summary>
public static partial class CompetitorPriceClaim
{
    /// <summary>What the documents are searched for: the policy that answers every such claim.</summary>
    public const string PolicyQuestion = "price match policy";

    public static bool IsClaim(string message)
    {
        var text = TextNormalizer.Normalize(message ?? "");
        return text.Length > 0 && (SeenCheaper().IsMatch(text) || CheaperThere().IsMatch(text) || SellerPrice().IsMatch(text) || MatchPrice().IsMatch(text));
    }

    /// <summary>"i saw it cheaper", "found the same laptop for less", "spotted a better price".</summary>
    [GeneratedRegex(@"\b(?:saw|seen|see|found|find|spotted|got|get|getting) (?:\w+ ){0,4}?(?:cheaper|for less|at a lower price|lower price" +
                    @"|better price|better deal|for \d+ less)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SeenCheaper();

    /// <summary>"cheaper elsewhere", "50 less online", "lower price at best buy".</summary>
    [GeneratedRegex(@"\b(?:cheaper|less|lower|better price|better deal)\b(?: \w+){0,3}? (?:elsewhere|somewhere else|online|on (?:the )?(?:internet|web)" +
                    @"|at (?:another|a different|other) (?:store|shop|site|retailer|website)|(?:at|on|from) (?:amazon|walmart|best ?buy|costco|target|newegg|ebay|currys|argos|flipkart)" +
                    @"|(?:at|from) (?:a |your |the )?competitor)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CheaperThere();

    /// <summary>"amazon has it for 50 less", "another store sells it for 899", "walmart is cheaper".</summary>
    [GeneratedRegex(@"\b(?:amazon|walmart|best ?buy|costco|target|newegg|ebay|currys|argos|flipkart|another (?:store|shop|site|retailer)" +
                    @"|other (?:stores|shops|sites|retailers)|(?:a |your |the )?competitors?)\b(?: \w+){0,4}? (?:cheaper|less|lower|for \d+|only \d+)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex SellerPrice();

    /// <summary>"can you match that price", "will you beat it", "price match", "do you match prices".</summary>
    [GeneratedRegex(@"\b(?:(?:match|beat) (?:that|the|their|this|its|his|her|a|an|amazons|walmarts|competitor|competitors)? ?(?:price|prices|offer|deal|quote)" +
                    @"|price (?:match|matching|beat)|(?:can|could|will|would|do) you (?:match|beat) (?:it|that|this|them|prices))\b", RegexOptions.CultureInvariant)]
    private static partial Regex MatchPrice();
}
