using System.Text.RegularExpressions;

namespace SalesMate.Services.Llm.Understanding;

/// <summary>Follow-up, small-talk and stock cues; every pattern runs on <see cref="TextNormalizer"/> output.</summary>
internal static partial class ConversationCues
{
    [GeneratedRegex(@"\b(?:compare|comparison|comparing|vs|versus|differences? between|side by side)\b", RegexOptions.CultureInvariant)]
    public static partial Regex Compare();

    [GeneratedRegex(@"\b(?:tell me (?:more )?about|more (?:about|on|info|information|details)|details (?:on|about|of|for)" +
                    @"|specs (?:of|for|on)|info (?:on|about)|information (?:on|about)|what about|how about|describe|know more)\b",
        RegexOptions.CultureInvariant)]
    public static partial Regex MoreAbout();

    [GeneratedRegex(@"\b(?:cheaper(?! than \d)|less expensive|too expensive|too pricey|too costly|lower price[d]?|more affordable" +
                    @"|less costly|lower cost|over (?:my )?budget|out of (?:my )?budget)\b", RegexOptions.CultureInvariant)]
    public static partial Regex Cheaper();

    [GeneratedRegex(@"\b(?:cheapest|least expensive|lowest price[d]?|lowest cost|most affordable|least costly" +
                    @"|(?:sort|sorted|order|ordered|list|listed|rank|ranked)(?: them| it| these| those)? by (?:the )?price(?! (?:from )?high| descending)" +
                    @"|(?:price )?(?:from )?low(?:est)? to high(?:est)?|price ascending)\b", RegexOptions.CultureInvariant)]
    public static partial Regex LowestPrice();

    [GeneratedRegex(@"\b(?:most expensive|priciest|highest price[d]?|most costly|costliest" +
                    @"|(?:price )?(?:from )?high(?:est)? to low(?:est)?|price descending)\b", RegexOptions.CultureInvariant)]
    public static partial Regex HighestPrice();

    /// <summary>"sort by rating", "best match first": an order that is not by price, so a remembered price order ends.</summary>
    [GeneratedRegex(@"\b(?:(?:sort|sorted|order|ordered|list|listed|rank|ranked)(?: them| it| these| those)? by (?:relevance|ratings?|reviews?|popularity|best match)" +
                    @"|best match(?:es)? first|(?:highest|best|top) rated first)\b", RegexOptions.CultureInvariant)]
    public static partial Regex RelevanceOrder();

    [GeneratedRegex(@"\b(?:something better|anything better|better (?:one|ones|option|options|specs|quality)|a better" +
                    @"|higher end|more powerful|more premium|upgrade|upgraded|step up|top of the line|faster one)\b",
        RegexOptions.CultureInvariant)]
    public static partial Regex Better();

    [GeneratedRegex(@"\b(?:hi|hii|hello|hey|heya|hiya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|namaste|namaskar|hola)\b",
        RegexOptions.CultureInvariant)]
    public static partial Regex Greeting();

    [GeneratedRegex(@"\b(?:thanks|thank you|thank u|thankyou|thx|ty|cheers|appreciate it|much appreciated|many thanks)\b",
        RegexOptions.CultureInvariant)]
    public static partial Regex Thanks();

    [GeneratedRegex(@"\b(?:bye|goodbye|good bye|see you|see ya|cya|thats all|that is all|take care|good night|farewell|im done|i am done)\b",
        RegexOptions.CultureInvariant)]
    public static partial Regex Goodbye();

    [GeneratedRegex(@"\b(?:in stock|instock|available now|available today|available right now|ships today|ship today|ships now" +
                    @"|ready to ship|available immediately|immediately available)\b", RegexOptions.CultureInvariant)]
    public static partial Regex InStock();

    [GeneratedRegex(@"^(?:does|do|did|can|could|will|would|is|are|has|have|whats|what|which|how)\b", RegexOptions.CultureInvariant)]
    public static partial Regex QuestionStart();

    /// <summary>"do you sell cars", "looking for a drone", "i need a refrigerator": the thing asked for, one or two words.</summary>
    [GeneratedRegex(@"^(?:(?:do|does|can|will) (?:you|u|yall|they) (?:guys )?(?:sell|have|carry|stock|offer)" +
                    @"|(?:i am |im |i m )?(?:looking|searching|shopping) for|i (?:want|need|would like) to buy|(?:i )?(?:want|need)" +
                    @"|show me|got any|buy|sell) (?:a |an |some |any )?(?<thing>[a-z]+(?: [a-z]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex AsksForThing();

    private static readonly HashSet<string> Pronouns = new(StringComparer.Ordinal)
    {
        "it", "its", "this", "that", "they", "them", "these", "those",
    };

    /// <summary>Words of a question about a shown product that are not the attribute asked about.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "does", "do", "did", "can", "could", "will", "would", "is", "are", "was", "whats", "what", "s", "which", "how", "the",
        "a", "an", "of", "on", "for", "in", "to", "be", "with", "have", "has", "had", "got", "support", "supports", "come",
        "comes", "include", "includes", "any", "there", "please", "tell", "me", "you", "know", "many", "long", "big",
        "life", "one", "ones", "number", "option", "product", "item", "model", "i", "we", "my", "kind", "type", "size",
        "good", "enough", "so",
    };

    /// <summary>Words that make a question a request for other products ("can you show me something like that?").</summary>
    private static readonly HashSet<string> NotAboutShown = new(StringComparer.Ordinal)
    {
        "show", "find", "recommend", "suggest", "similar", "other", "else", "alternative", "alternatives", "something",
        "anything", "buy", "order", "want", "need", "like", "looking", "another", "instead", "more", "compare",
    };

    /// <summary>Words that do not name a kind of product on their own ("i need help", "ok", "something for work").</summary>
    private static readonly HashSet<string> NotAThing = new(StringComparer.Ordinal)
    {
        "something", "anything", "stuff", "thing", "things", "help", "it", "one", "gift", "present", "idea", "ideas", "advice",
        "recommendation", "recommendations", "suggestion", "suggestions", "deal", "deals", "offer", "offers", "discount",
        "product", "products", "item", "items", "work", "school", "ok", "okay", "yes", "yeah", "yep", "no", "nope", "sure",
        "cool", "nice", "hmm", "hmmm", "lol", "why", "what", "who", "how", "huh", "maybe", "fine", "good", "alright", "thanks",
        "more", "else", "options", "option", "that", "this", "those", "them", "you", "me", "info", "information", "here",
        "now", "today", "there", "again", "please", "stop", "wait", "test", "testing", "hey", "asap",
    };

    /// <summary>
    /// For a question about a product already shown: the normalised attribute asked about, or null. A question
    /// ("does it have a touchscreen?", "what's the battery life of the first one?") needs "it"/"that one", an ordinal
    /// or a product name (with "it", name words are the attribute: "does it have usb-c?"); a bare attribute ("refresh rate?", "battery life") needs only spec-key words of the catalog.
    /// </summary>
    public static string? AskedAbout(IReadOnlyList<string> tokens, bool question, bool refersToProduct, CatalogVocabulary vocabulary)
    {
        if (tokens.Any(NotAboutShown.Contains)) return null;
        bool pronoun = tokens.Any(Pronouns.Contains);
        var words = tokens.Where(t => !QuestionWords.Contains(t) && !Pronouns.Contains(t) && !OrdinalWords.ContainsKey(t) && t != "last"
                                      && !(t.Length == 1 && char.IsAsciiDigit(t[0]))
                                      && (pronoun || (!vocabulary.ProductNameWords.Contains(t) && vocabulary.FindBrand(t) is null))).ToList();
        if (words.Count == 0) return null;
        words = [.. words.Select(w => SpecKeyWord(w, vocabulary))];
        if (question && (pronoun || refersToProduct)) return string.Join(' ', words);
        bool bare = tokens.Count <= 4 && !pronoun
                    && words.All(w => vocabulary.SpecKeyWords.Contains(w) || VocabularyLexicon.AttributeAliases.ContainsKey(w));
        return bare ? string.Join(' ', words) : null;
    }

    /// <summary>The catalog's spec-key word one typo away from a longer word ("batery" -> "battery"), else the word.</summary>
    private static string SpecKeyWord(string word, CatalogVocabulary vocabulary) =>
        word.Length < 5 || vocabulary.SpecKeyWords.Contains(word) ? word
            : vocabulary.SpecKeyWords.FirstOrDefault(k => k.Length >= 5 && Intelligence.EditDistance.Osa(word, k, 1) <= 1) ?? word;

    /// <summary>True when the message says "it", "that", "they"...: a question about everything just shown.</summary>
    public static bool HasPronoun(IReadOnlyList<string> tokens) => tokens.Any(Pronouns.Contains);

    /// <summary>
    /// The kind of thing a vague message asks for, or null: "do you sell cars?" -> "cars", "looking for a drone" ->
    /// "drone", a one- or two-word message of uncommon words ("refrigerator"). Everyday words are never a thing.
    /// </summary>
    public static string? UnknownThing(string normalized)
    {
        string? thing = AsksForThing().Match(normalized) is { Success: true } m ? m.Groups["thing"].Value
            : normalized.Split(' ') is { Length: <= 2 } words && words.All(w => w.Length >= 3 && w.All(char.IsAsciiLetter)) ? normalized
            : null;
        if (thing is null) return null;
        var parts = thing.Split(' ');
        bool everyday = parts.Any(w => NotAThing.Contains(w) || Filler.Contains(w) || VocabularyLexicon.StopWords.Contains(w)
                                       || Intelligence.CommonWords.All.Contains(w) || w.Length < 3);
        return everyday ? null : thing;
    }

    /// <summary>Words that may sit around small talk or a bare ordinal without adding meaning.</summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "there", "so", "much", "very", "a", "lot", "ok", "okay", "great", "awesome", "the", "for", "your", "help", "all",
        "again", "you", "me", "salesmate", "bot", "team", "everyone", "folks", "guys", "good", "nice", "have", "day",
        "can", "could", "please", "assist", "and", "i", "im", "am", "that", "is", "it", "was", "helpful", "really",
        "now", "then", "just", "one", "option", "number", "no", "item", "product", "pick", "choice", "oh", "well",
    };

    private static readonly Dictionary<string, int> OrdinalWords = new(StringComparer.Ordinal)
    {
        ["first"] = 1, ["1st"] = 1, ["second"] = 2, ["2nd"] = 2, ["third"] = 3, ["3rd"] = 3, ["fourth"] = 4, ["4th"] = 4,
        ["fifth"] = 5, ["5th"] = 5, ["sixth"] = 6, ["6th"] = 6, ["seventh"] = 7, ["7th"] = 7, ["eighth"] = 8, ["8th"] = 8,
        ["ninth"] = 9, ["9th"] = 9, ["tenth"] = 10, ["10th"] = 10,
    };

    private static readonly Dictionary<string, int> CountWords = new(StringComparer.Ordinal)
    {
        ["two"] = 2, ["2"] = 2, ["three"] = 3, ["3"] = 3, ["four"] = 4, ["4"] = 4, ["five"] = 5, ["5"] = 5,
    };

    /// <summary>
    /// Positions in the last list shown, in mention order: "first two"/"top 3" -> 1..n, "first and third" -> [1, 3],
    /// "1 and 3" / "#2" -> the numbers 1-9, "last" -> -1, "last two" -> [-2, -1]. A number right after a product-name
    /// word ("pixel 9") is part of the name, not a position.
    /// </summary>
    public static List<int> Ordinals(IReadOnlyList<string> tokens, CatalogVocabulary vocabulary)
    {
        var result = new List<int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            string token = tokens[i];
            int count = i + 1 < tokens.Count ? CountWords.GetValueOrDefault(tokens[i + 1]) : 0;
            if (token is "first" or "top" && count > 0)
            {
                result.AddRange(Enumerable.Range(1, count));
                i++;
            }
            else if (token == "last")
            {
                result.AddRange(count > 0 ? Enumerable.Range(-count, count) : [-1]);
                if (count > 0) i++;
            }
            else if (OrdinalWords.TryGetValue(token, out int position))
            {
                result.Add(position);
            }
            else if (token.Length == 1 && char.IsAsciiDigit(token[0]) && token[0] != '0' && !FollowsName(tokens, i, vocabulary))
            {
                result.Add(token[0] - '0');
            }
        }
        return [.. result.Distinct()];
    }

    /// <summary>
    /// The products named in the message ("tell me more about the Zenbook", "compare the zenbook and the legion"):
    /// each run of product-name words, with a brand right before it and model numbers right after it
    /// ("dell xps 13", "galaxy s25"). A brand alone is not a product reference.
    /// </summary>
    public static List<string> ProductReferences(IReadOnlyList<string> tokens, CatalogVocabulary vocabulary)
    {
        var references = new List<string>();
        int i = 0;
        while (i < tokens.Count)
        {
            if (!vocabulary.ProductNameWords.Contains(tokens[i]))
            {
                i++;
                continue;
            }
            int start = i > 0 && vocabulary.FindBrand(tokens[i - 1]) is not null ? i - 1 : i;
            int end = i + 1;
            while (end < tokens.Count && (vocabulary.ProductNameWords.Contains(tokens[end]) || IsModelNumber(tokens[end])))
            {
                end++;
            }
            string reference = string.Join(' ', tokens.Skip(start).Take(end - start));
            if (!references.Contains(reference)) references.Add(reference);
            i = end;
        }
        return references;
    }

    /// <summary>True when every word is an ordinal, a number or filler: "the second one", "#2", "number 3".</summary>
    public static bool IsBareOrdinalReference(IReadOnlyList<string> tokens) =>
        tokens.Count > 0
        && tokens.Any(t => OrdinalWords.ContainsKey(t) || t == "last" || (t.Length == 1 && char.IsAsciiDigit(t[0])))
        && tokens.All(t => OrdinalWords.ContainsKey(t) || t == "last" || Filler.Contains(t) || (t.Length == 1 && char.IsAsciiDigit(t[0])));

    /// <summary>The small talk in a message that is mostly small talk; Goodbye beats Thanks beats Greeting.</summary>
    public static SmallTalkKind SmallTalk(string normalized)
    {
        SmallTalkKind kind = Goodbye().IsMatch(normalized) ? SmallTalkKind.Goodbye
            : Thanks().IsMatch(normalized) ? SmallTalkKind.Thanks
            : Greeting().IsMatch(normalized) ? SmallTalkKind.Greeting
            : SmallTalkKind.None;
        if (kind == SmallTalkKind.None) return kind;

        string rest = Goodbye().Replace(Thanks().Replace(Greeting().Replace(normalized, " "), " "), " ");
        int meaningful = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => !Filler.Contains(w));
        const int MaxOtherWords = 2;
        return meaningful <= MaxOtherWords ? kind : SmallTalkKind.None;
    }

    private static bool FollowsName(IReadOnlyList<string> tokens, int i, CatalogVocabulary vocabulary) =>
        i > 0 && (vocabulary.ProductNameWords.Contains(tokens[i - 1]) || vocabulary.FindBrand(tokens[i - 1]) is not null
                  || tokens[i - 1] is "rtx" or "gtx" or "iphone" or "galaxy" or "pixel");

    private static bool IsModelNumber(string token) =>
        token.Length <= 6 && token.Any(char.IsAsciiDigit) && !CatalogVocabulary.UnitToken().IsMatch(token);
}
