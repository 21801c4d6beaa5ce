using System.Text.RegularExpressions;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Leads;

/// <summary>A buying signal found in one turn, with what triggered it (an intent or the words).</summary>
public sealed record DetectedSignal(string Name, string Detail);

/// <summary>
/// Buying signals and objections of one shopper message: from the classified intent when the pipeline knows it
/// (schedule_visit, schedule_demo, request_callback, price_objection, ...), and from the words themselves, so scoring works with the
/// rules' narrower intents too. A negated request ("don't call me", "not ready to buy") never fires.
/// </summary>
public static partial class LeadSignalRules
{
    public static IReadOnlyList<DetectedSignal> Detect(string intent, string text)
    {
        var found = new List<DetectedSignal>();
        void Add(string name, string detail)
        {
            if (!found.Any(f => f.Name == name))
            {
                found.Add(new DetectedSignal(name, detail));
            }
        }

        switch (intent)
        {
            case Intents.ProductDetail: Add(LeadSignals.ProductDetail, "intent product_detail"); break;
            case Intents.Comparison: Add(LeadSignals.Comparison, "intent comparison"); break;
            case ClassificationIntents.ScheduleVisit:
                Add(Demo().IsMatch(text) ? LeadSignals.DemoRequested : LeadSignals.VisitRequested, "intent schedule_visit");
                break;
            case ClassificationIntents.ScheduleDemo: Add(LeadSignals.DemoRequested, "intent schedule_demo"); break;
            case ClassificationIntents.RequestCallback: Add(LeadSignals.CallbackRequested, "intent request_callback"); break;
            case ClassificationIntents.PriceObjection: Add(LeadSignals.PriceObjection, "intent price_objection"); break;
            case ClassificationIntents.KnowledgeQuestion: Add(LeadSignals.PolicyQuestion, "intent knowledge_question"); break;
            case ClassificationIntents.HumanHandoff: Add(LeadSignals.HumanRequested, "intent human_handoff"); break;
            case ClassificationIntents.Complaint: Add(LeadSignals.Complaint, "intent complaint"); break;
        }

        Words(text, Demo(), LeadSignals.DemoRequested, Add);
        Words(text, Visit(), LeadSignals.VisitRequested, Add);
        Words(text, Callback(), LeadSignals.CallbackRequested, Add);
        Words(text, Brochure(), LeadSignals.BrochureRequested, Add);
        Words(text, Buying(), LeadSignals.BuyingLanguage, Add);
        Words(text, Human(), LeadSignals.HumanRequested, Add);
        Words(text, Policy(), LeadSignals.PolicyQuestion, Add);
        if (Objections(text).Any(o => o.Type == ObjectionTypes.Price))
        {
            Add(LeadSignals.PriceObjection, "words");
        }
        return found;
    }

    /// <summary>Objection types raised in the message (price, competitor, timing, quality).</summary>
    public static IReadOnlyList<(string Type, string Words)> Objections(string text)
    {
        var found = new List<(string, string)>();
        foreach (var (type, pattern) in new[]
                 {
                     (ObjectionTypes.Price, PriceObjection()), (ObjectionTypes.Competitor, Competitor()),
                     (ObjectionTypes.Timing, Timing()), (ObjectionTypes.Quality, Quality()),
                 })
        {
            if (pattern.Match(text) is { Success: true } match)
            {
                found.Add((type, match.Value));
            }
        }
        return found;
    }

    private static void Words(string text, Regex pattern, string signal, Action<string, string> add)
    {
        if (Negation.FirstAffirmed(pattern, text) is { } match)
        {
            add(signal, $"\"{match.Value.Trim()}\"");
        }
    }

    [GeneratedRegex(@"\b(?:(?:book|schedule|arrange|get|see|want|like|request|set up|try|have|give me|need)\b[^.?!]{0,25}\bdemo(?:nstration)?s?\b|demo(?:nstration)?\s+(?:please|session|call|appointment)|test[- ]drive)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Demo();

    [GeneratedRegex(@"\b(?:(?:book|schedule|arrange|plan|set up|organi[sz]e|make)\b[^.?!]{0,25}\b(?:visit|viewing|tour|appointment)|site visit|(?:can|could|may) (?:i|we) (?:visit|come (?:in|by|over)|see (?:it|them|the \w+) in person)|visit (?:your|the) (?:store|showroom|shop|site|office))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Visit();

    [GeneratedRegex(@"\b(?:call me(?: back)?|call-?back|ring me|give me a (?:call|ring)|phone me|contact me|reach (?:me|out to me)|get in touch with me)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Callback();

    [GeneratedRegex(@"\b(?:send|share|email|e-mail|download|get|have|want|need)\b[^.?!]{0,25}\b(?:brochures?|catalogu?es?|spec ?sheets?|data ?sheets?|price ?lists?|floor ?plans?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Brochure();

    [GeneratedRegex(@"\b(?:i'?ll take (?:it|one|this|that|the)|(?:want|ready|like|going|plan(?:ning)?) to (?:buy|order|purchase)|(?:buy|order|purchase) (?:it|one|this|that|now|today)|place an order|add (?:it )?to (?:my |the )?cart|check ?out now|how (?:do|can) i (?:buy|order|pay))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Buying();

    [GeneratedRegex(@"\b(?:talk|speak|chat) (?:to|with) (?:a |an |your )?(?:human|person|salesperson|sales (?:rep|team|person)|agent|someone|representative)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Human();

    [GeneratedRegex(@"\b(?:shipping|delivery|deliver|warranty|guarantee|returns?|refund|financing|installments?|emi|payment options?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Policy();

    [GeneratedRegex(@"\b(?:too (?:expensive|pricey|much|costly)|over-?priced|can'?t afford|cannot afford|out of (?:my )?budget|(?:a bit|quite|very|so) (?:steep|pricey|expensive)|any (?:discount|deal|offer)s?|cheaper elsewhere)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PriceObjection();

    [GeneratedRegex(@"\b(?:cheaper (?:at|on|elsewhere)|(?:on|at) amazon|best ?buy|(?:another|other) (?:store|shop|seller|dealer)s?|competitor)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Competitor();

    [GeneratedRegex(@"\b(?:not (?:right )?now|maybe later|next (?:month|year)|no rush|just (?:looking|browsing)|need to think)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Timing();

    [GeneratedRegex(@"\b(?:is it reliable|reliability|bad reviews?|worried about|concerned about|break(?:s)? easily|poor quality)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Quality();
}

public static class ObjectionTypes
{
    public const string Price = "price";
    public const string Competitor = "competitor";
    public const string Timing = "timing";
    public const string Quality = "quality";
}
