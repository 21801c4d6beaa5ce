using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm.Flow;

/// <summary>What a message that carries no request says about the last answer.</summary>
public enum AcknowledgementKind { None, Agreed, Unsure, Declined, Confused }

/// <summary>
/// "ok", "sure", "k", "hmm", "no", "?": a reply that asks for nothing new. Answering it as a search repeats the last
/// answer (or the last question) word for word, so the responder moves the conversation on instead.
/// </summary>
public static class Acknowledgement
{
    private static readonly Dictionary<string, AcknowledgementKind> Phrases = new(StringComparer.Ordinal)
    {
        ["ok"] = AcknowledgementKind.Agreed, ["okay"] = AcknowledgementKind.Agreed, ["okey"] = AcknowledgementKind.Agreed,
        ["k"] = AcknowledgementKind.Agreed, ["kk"] = AcknowledgementKind.Agreed, ["sure"] = AcknowledgementKind.Agreed,
        ["yes"] = AcknowledgementKind.Agreed, ["yeah"] = AcknowledgementKind.Agreed, ["yep"] = AcknowledgementKind.Agreed,
        ["yup"] = AcknowledgementKind.Agreed, ["ya"] = AcknowledgementKind.Agreed, ["fine"] = AcknowledgementKind.Agreed,
        ["alright"] = AcknowledgementKind.Agreed, ["all right"] = AcknowledgementKind.Agreed, ["right"] = AcknowledgementKind.Agreed,
        ["cool"] = AcknowledgementKind.Agreed, ["got it"] = AcknowledgementKind.Agreed, ["i see"] = AcknowledgementKind.Agreed,
        ["go on"] = AcknowledgementKind.Agreed, ["go ahead"] = AcknowledgementKind.Agreed, ["continue"] = AcknowledgementKind.Agreed,
        ["sounds good"] = AcknowledgementKind.Agreed, ["great"] = AcknowledgementKind.Agreed, ["nice"] = AcknowledgementKind.Agreed,
        ["absolutely"] = AcknowledgementKind.Agreed, ["definitely"] = AcknowledgementKind.Agreed, ["of course"] = AcknowledgementKind.Agreed,
        ["why not"] = AcknowledgementKind.Agreed, ["sure thing"] = AcknowledgementKind.Agreed,
        ["hmm"] = AcknowledgementKind.Unsure, ["hmmm"] = AcknowledgementKind.Unsure, ["hm"] = AcknowledgementKind.Unsure,
        ["mm"] = AcknowledgementKind.Unsure, ["mmm"] = AcknowledgementKind.Unsure, ["um"] = AcknowledgementKind.Unsure,
        ["umm"] = AcknowledgementKind.Unsure, ["uh"] = AcknowledgementKind.Unsure, ["maybe"] = AcknowledgementKind.Unsure,
        ["not sure"] = AcknowledgementKind.Unsure, ["im not sure"] = AcknowledgementKind.Unsure, ["dunno"] = AcknowledgementKind.Unsure,
        ["idk"] = AcknowledgementKind.Unsure, ["i dont know"] = AcknowledgementKind.Unsure, ["well"] = AcknowledgementKind.Unsure,
        ["let me think"] = AcknowledgementKind.Unsure, ["whatever"] = AcknowledgementKind.Unsure,
        ["no"] = AcknowledgementKind.Declined, ["nope"] = AcknowledgementKind.Declined, ["nah"] = AcknowledgementKind.Declined,
        ["no thanks"] = AcknowledgementKind.Declined, ["not really"] = AcknowledgementKind.Declined,
        ["huh"] = AcknowledgementKind.Confused, ["what"] = AcknowledgementKind.Confused, ["sorry"] = AcknowledgementKind.Confused,
        ["i dont understand"] = AcknowledgementKind.Confused, ["what do you mean"] = AcknowledgementKind.Confused,
    };

    /// <summary>Words that may sit around an acknowledgement without changing it ("oh ok then", "hmm well", "yes please").</summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal) { "oh", "ah", "so", "then", "and", "um", "uh", "well", "lol", "please" };

    public static AcknowledgementKind Of(string message)
    {
        var trimmed = message.Trim();
        if (trimmed.Length > 0 && trimmed.All(c => c is '?' or '!' or '.' or ' '))
        {
            return trimmed.Contains('?') ? AcknowledgementKind.Confused : AcknowledgementKind.Unsure;
        }
        var words = TextNormalizer.Normalize(trimmed).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && Filler.Contains(words[0])) words.RemoveAt(0);
        while (words.Count > 1 && Filler.Contains(words[^1])) words.RemoveAt(words.Count - 1);
        var kind = words.Count is > 0 and <= 4 ? Phrases.GetValueOrDefault(string.Join(' ', words)) : AcknowledgementKind.None;
        // "ok?" or "what?" is a shopper who did not follow.
        return kind is AcknowledgementKind.Agreed or AcknowledgementKind.Unsure && trimmed.EndsWith('?') ? AcknowledgementKind.Confused : kind;
    }
}
