using System.Text.RegularExpressions;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Intelligence;

/// <summary>The mood of one message and the conversation's frustration after it.</summary>
/// <param name="MessageFrustration">This message alone, 0-10.</param>
/// <param name="Frustration">The conversation's level after this message (sustained frustration adds up; calm decays it).</param>
/// <param name="Source"><c>model</c> when the structured classification supplied the reading, else <c>rules</c>.</param>
public sealed record SentimentReading(string Sentiment, int MessageFrustration, int Frustration, string Source)
{
    public ToneAdjustment Tone => Sentiment switch
    {
        Sentiments.Frustrated or Sentiments.Negative => ToneAdjustment.Empathy(Frustration),
        _ when Frustration >= SentimentAnalyzer.FrustratedAt => ToneAdjustment.Empathy(Frustration),
        Sentiments.Excited => ToneAdjustment.Enthusiasm,
        _ => ToneAdjustment.None,
    };
}

/// <summary>
/// Seed 001's sentiment analyzer: positive / neutral / negative / frustrated / excited and frustration 0-10. The
/// model's values (from the structured classification) are used when present; the rules otherwise. The rules score
/// cues on the normalised text (frustration phrases 3 each, strong negative words 2, mild ones 1) plus shouting
/// (several words in capitals: 2) and repeated exclamation marks with a negative cue (1).
/// </summary>
public static partial class SentimentAnalyzer
{
    /// <summary>From this conversation level on, the sentiment is <c>frustrated</c> and the tone empathetic.</summary>
    public const int FrustratedAt = 4;

    public static SentimentReading Analyze(string message, ConversationState state, MessageClassification? classification = null)
    {
        var previous = state.SentimentHistory.Count > 0 ? state.SentimentHistory[^1].Frustration : 0;
        var fromModel = classification is { Sentiment: not null, Frustration: not null };
        var (sentiment, level) = fromModel
            ? (classification!.Sentiment!, Math.Clamp(classification.Frustration!.Value, 0, 10))
            : Rules(message);
        var frustration = Combine(previous, level);
        if (frustration >= FrustratedAt && sentiment is Sentiments.Neutral or Sentiments.Negative && level > 0)
        {
            sentiment = Sentiments.Frustrated;
        }
        return new SentimentReading(sentiment, level, frustration, fromModel ? MessageClassification.FromModel : MessageClassification.FromRules);
    }

    /// <summary>
    /// The conversation's level: a frustrated message after an earlier one adds 1 to the higher of the two (three
    /// mild complaints in a row climb), a calm message lowers it by 2.
    /// </summary>
    public static int Combine(int previous, int message) =>
        message > 0 ? Math.Min(10, Math.Max(previous, message) + (previous > 0 ? 1 : 0)) : Math.Max(0, previous - 2);

    /// <summary>The rules' reading of one message: sentiment and frustration 0-10.</summary>
    public static (string Sentiment, int Frustration) Rules(string message)
    {
        var text = TextNormalizer.Normalize(message ?? "");
        var level = 3 * FrustrationCue().Count(text) + 2 * StrongNegative().Count(text) + MildNegative().Count(text);
        var negative = level > 0;
        if (Shouting(message ?? ""))
        {
            level += 2;
        }
        if (negative && (message ?? "").Contains("!!", StringComparison.Ordinal))
        {
            level += 1;
        }
        level = Math.Min(10, level);
        if (level >= FrustratedAt)
        {
            return (Sentiments.Frustrated, level);
        }
        if (negative)
        {
            return (Sentiments.Negative, level);
        }
        if (Excited().IsMatch(text))
        {
            return (Sentiments.Excited, 0);
        }
        return (Positive().IsMatch(text) ? Sentiments.Positive : Sentiments.Neutral, level);
    }

    /// <summary>Two or more words of three letters or more in capitals ("THIS IS USELESS"), not acronyms alone ("RTX 4070").</summary>
    private static bool Shouting(string message) =>
        Regex.Matches(message, @"\b[A-Z]{3,}\b").Count(m => m.Value is not ("RTX" or "GTX" or "USB" or "SSD" or "RAM" or "OLED" or "USD" or "EUR" or "GBP" or "INR" or "BHK" or "LED" or "HDR" or "ANC")) >= 2;

    [GeneratedRegex(@"\b(?:useless|not helpful|unhelpful|no help|not listening|already (?:told|said|asked)|i (?:just )?said|waste of (?:my )?time|ridiculous" +
                    @"|annoying|annoyed|frustrat\w*|fed up|sick of|give up|giving up|stupid|dumb|wtf|not what i (?:asked|wanted|said)|you dont understand" +
                    @"|makes no sense|are you even|pointless|hopeless|for the (?:last|third|second) time|again and again|same thing again)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex FrustrationCue();

    [GeneratedRegex(@"\b(?:worst|hate|terrible|awful|rubbish|garbage|horrible|pathetic|disgusting|scam)\b", RegexOptions.CultureInvariant)]
    private static partial Regex StrongNegative();

    [GeneratedRegex(@"\b(?:disappointed|disappointing|not happy|unhappy|(?<!not )bad|poor|confusing|confused|wrong|not good|meh|upset)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex MildNegative();

    [GeneratedRegex(@"\b(?:amazing|awesome|cant wait|so excited|excited|love it|love this|wow|fantastic|incredible|exactly what i (?:wanted|need|needed))\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex Excited();

    [GeneratedRegex(@"\b(?:great|perfect|love|nice|good|thanks|thank you|helpful|excellent|cool|looks good|sounds good|brilliant|happy)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex Positive();
}
