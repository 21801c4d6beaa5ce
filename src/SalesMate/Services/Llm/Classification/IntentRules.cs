using System.Text.RegularExpressions;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Classification;

/// <summary>
/// The rules for the intents of issue 6 that the catalog parser does not know (price objection, human handoff,
/// callback, visit, demo, complaint, knowledge question). Every pattern runs on <see cref="TextNormalizer"/> output
/// (lower case, no apostrophes: "can't" is "cant"). Checked in the order of <see cref="Match"/>: an explicit request
/// for a person wins over everything else, and a negated request ("please don't call me") is no request.
/// </summary>
public static partial class IntentRules
{
    /// <summary>The first rule intent that fires, or null; <paramref name="parsed"/> decides whether a policy question is about a product.</summary>
    public static string? Match(string message, ParsedQuery parsed)
    {
        var text = TextNormalizer.Normalize(message ?? "");
        if (text.Length == 0)
        {
            return null;
        }
        if (Negation.FirstAffirmed(HumanHandoff(), text) is not null)
        {
            return ClassificationIntents.HumanHandoff;
        }
        if (Negation.FirstAffirmed(Callback(), text) is not null)
        {
            return ClassificationIntents.RequestCallback;
        }
        if (Negation.FirstAffirmed(Demo(), text) is not null)
        {
            return ClassificationIntents.ScheduleDemo;
        }
        if (Negation.FirstAffirmed(Visit(), text) is not null)
        {
            return ClassificationIntents.ScheduleVisit;
        }
        if (Complaint().IsMatch(text))
        {
            return ClassificationIntents.Complaint;
        }
        if (PriceObjection().IsMatch(text) || Rag.Answers.CompetitorPriceClaim.IsClaim(text))
        {
            return ClassificationIntents.PriceObjection;
        }
        // "laptop with a 2 year warranty under $1500" is a search; "what is your warranty?" is a question about the store.
        if (Rag.Answers.KnowledgeQuestionDetector.IsKnowledgeQuestion(text, parsed))
        {
            return ClassificationIntents.KnowledgeQuestion;
        }
        return null;
    }

    [GeneratedRegex(@"\b(?:(?:talk|speak|chat) (?:to|with)|connect me (?:to|with)|put me through to|transfer me to|get me|i (?:want|need|would like)|can i (?:have|get))" +
                    @" (?:a |an |some |your |the )?(?:human|real person|person|live agent|agent|representative|rep|salesperson|sales person|sales rep" +
                    @"|sales team|someone|somebody|manager|customer service)\b|\b(?:real|live) (?:human|person|agent)\b|\bhuman please\b|\bnot a bot\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex HumanHandoff();

    /// <remarks>"you can reach me at …" only gives contact details (contact_info); asking to be called is a callback.</remarks>
    [GeneratedRegex(@"\b(?:call me(?: back)?|callback|call back|give me a (?:call|ring)|ring me|phone me" +
                    @"|(?:can|could) (?:someone|somebody|you) (?:call|ring|phone))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Callback();

    [GeneratedRegex(@"\b(?:(?:book|schedule|arrange|set up|setup|get|want|request|see|like) (?:a |an )?(?:live |product )?(?:demo|demonstration)" +
                    @"|demo (?:of|for)|test drive|hands on trial|try (?:it|them|one) (?:out|in store|in person))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Demo();

    [GeneratedRegex(@"\b(?:(?:book|schedule|arrange|plan|set up) (?:a |an )?(?:site |store |showroom )?(?:visit|viewing|appointment|tour)" +
                    @"|site visit|visit (?:the|your) (?:store|shop|showroom|site|property|office)|see (?:it|them|the flat|the property) in person" +
                    @"|come (?:in|by) (?:to|and see))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Visit();

    [GeneratedRegex(@"\b(?:complain|complaint|broken|defective|faulty|damaged|never arrived|not arrived|hasnt arrived|didnt arrive|wrong item" +
                    @"|stopped working|doesnt work|does not work|poor service|terrible service|(?:want|need|demand|get) (?:a |my )?refund|scam)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex Complaint();

    [GeneratedRegex(@"\b(?:too expensive|too pricey|too costly|too much money|overpriced|over priced|cant afford|cannot afford|can not afford" +
                    @"|out of (?:my )?budget|over (?:my )?budget|(?:any|a|get a|give me a|is there a) discount|discounts|best price you can" +
                    @"|better price|better deal|lower the price|price match|reduce the price|(?:thats|that is|its|it is) a lot (?:of money|for)" +
                    @"|a bit steep|too steep|not worth (?:the|that) (?:price|money))\b", RegexOptions.CultureInvariant)]
    private static partial Regex PriceObjection();
}
