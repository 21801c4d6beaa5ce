namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// Turns one shopper message into a <see cref="ParsedQuery"/> using only the catalog's vocabulary: deterministic,
/// allocation-modest, and safe to share between threads.
/// </summary>
/// <remarks>
/// Resolution rules worth knowing:
/// <list type="bullet">
/// <item>The budget is read first and its amounts are blanked out, so "$800" never becomes a feature or a position.</item>
/// <item>A device word beats a modifier: "gaming laptop" is Laptops + feature "gaming"; "gaming" alone (or
/// "gaming console") is the Gaming category. Weak words ("screen", "keyboard", "camera", "watch") name a category
/// only when no other category is named with a strong word.</item>
/// <item>Follow-ups, first match wins: Compare; MoreAbout ("tell me more", "details on", or a bare ordinal like "the
/// second one", and needing an ordinal or a product-name word); Cheaper; Better; MoreAbout again when the message
/// names a product ("is the XPS in stock?") but no category or budget; then OtherBrand (a brand with no category and
/// no budget). Product references are reported for Compare and MoreAbout only.</item>
/// <item>Small talk is reported only when the message has no product content and is mostly small talk: "Hi, I need
/// a laptop under $800" is SmallTalk None with its category and budget. Goodbye beats Thanks beats Greeting.</item>
/// </list>
/// </remarks>
public sealed class QueryParser(CatalogVocabulary vocabulary)
{
    private static readonly HashSet<string> MemoryWords = new(StringComparer.Ordinal) { "ram", "memory" };

    /// <summary>
    /// The last few results: one turn parses the shopper's message in several places (knowledge planner, pipeline,
    /// responders, profile rules), and a result is immutable, so the same text is parsed once. The parser lives with
    /// its catalog snapshot, so a new catalog starts empty.
    /// </summary>
    private readonly RecentResult?[] _recent = new RecentResult?[4];
    private int _next;

    public ParsedQuery Parse(string message)
    {
        message ??= "";
        foreach (var recent in _recent)
        {
            if (recent is not null && string.Equals(recent.Message, message, StringComparison.Ordinal))
            {
                return recent.Query;
            }
        }
        var query = ParseUncached(message);
        _recent[(int)((uint)Interlocked.Increment(ref _next) % (uint)_recent.Length)] = new RecentResult(message, query);
        return query;
    }

    private ParsedQuery ParseUncached(string message)
    {
        var usedSpans = new List<Range>(2);
        Budget? budget = BudgetParser.Parse(message, vocabulary.DefaultCurrency, usedSpans);
        string normalized = TextNormalizer.Normalize(message);
        var text = new TokenizedText(BlankOut(message, usedSpans));
        var consumed = new bool[text.Count];

        List<string> categories = FindCategories(text, consumed);
        var brandHits = text.Match(vocabulary.BrandLookup, CatalogVocabulary.MaxPhraseWords, consumed, consume: true);
        List<string> excludedBrands = [.. brandHits.Where(hit => RulesOut(text.Tokens, hit.Index)).Select(hit => hit.Value).Distinct()];
        List<string> brands = [.. brandHits.Select(hit => hit.Value).Distinct().Where(b => !excludedBrands.Contains(b))];
        var featureHits = FindFeatures(text, consumed);
        List<string> excludedFeatures = [.. featureHits.Where(hit => RulesOut(text.Tokens, hit.Index)).Select(hit => hit.Phrase).Distinct()];
        List<string> features = [.. featureHits.Select(hit => hit.Phrase).Distinct().Where(f => !excludedFeatures.Contains(f))];

        List<string> references = ConversationCues.ProductReferences(text.Tokens, vocabulary);
        bool question = ConversationCues.QuestionStart().IsMatch(normalized) || message.TrimEnd().EndsWith('?');
        var priceOrder = ConversationCues.LowestPrice().IsMatch(normalized) ? Core.Entities.PriceOrder.LowestFirst
            : ConversationCues.HighestPrice().IsMatch(normalized) ? Core.Entities.PriceOrder.HighestFirst
            : Core.Entities.PriceOrder.Relevance;
        var (followUp, ordinals, askedAbout) = priceOrder == Core.Entities.PriceOrder.Relevance
            ? FindFollowUp(normalized, text.Tokens, question, budget, categories, brands, references)
            : PriceOrderFollowUp(normalized, text.Tokens, references);
        // "does it have usb-c?" asks about what was shown, whatever product names its words appear in.
        bool namesProducts = followUp is FollowUpKind.MoreAbout or FollowUpKind.Compare
                             || (followUp == FollowUpKind.ProductQuestion && !ConversationCues.HasPronoun(text.Tokens));
        var query = new ParsedQuery
        {
            Budget = budget,
            Categories = categories,
            Brands = brands,
            ExcludedBrands = excludedBrands,
            Features = features,
            ExcludedFeatures = excludedFeatures,
            Attributes = AttributesOf(features),
            FollowUp = followUp,
            Ordinals = ordinals,
            ProductReference = namesProducts ? references.FirstOrDefault() : null,
            ProductReferences = namesProducts ? references : [],
            ModelHints = [.. text.Tokens.Where(IsModelHint).Distinct()],
            InStockOnly = ConversationCues.InStock().IsMatch(normalized),
            AskedAbout = askedAbout,
            PriceOrder = priceOrder,
            RelevanceOrder = priceOrder == Core.Entities.PriceOrder.Relevance && ConversationCues.RelevanceOrder().IsMatch(normalized),
        };
        return query.IsVague
            ? query with { SmallTalk = ConversationCues.SmallTalk(normalized), UnknownThing = ConversationCues.UnknownThing(normalized) }
            : query;
    }

    private List<string> FindCategories(TokenizedText text, bool[] consumed)
    {
        var hits = text.Match(vocabulary.CategoryLookup, CatalogVocabulary.MaxPhraseWords, consumed, consume: false);
        var strong = hits.Where(h => !h.Value.Weak).Select(h => h.Value.Category).ToHashSet(StringComparer.Ordinal);
        var weakCategories = hits.Where(h => h.Value.Weak).Select(h => h.Value.Category).Distinct().Count();
        var result = new List<string>();
        foreach (var (index, words, term) in hits)
        {
            // "gaming keyboard": with only weak words, the modifier "gaming" still yields to the device word.
            bool modifierYields = text.Tokens[index] == "gaming" && words == 1 && strong.Count == 0 && weakCategories > 1;
            // "no gaming please": a ruled-out modifier is a feature to avoid, not the Gaming category.
            bool ruledOut = term.Weak && RulesOut(text.Tokens, index);
            bool keep = !ruledOut && (!term.Weak || (strong.Count == 0 && !modifierYields) || strong.Contains(term.Category));
            if (!keep) continue;
            Array.Fill(consumed, true, index, words);
            if (!result.Contains(term.Category)) result.Add(term.Category);
        }

        // "2bhk" names the apartment category but stays a feature.
        if (vocabulary.FindCategory("bhk") is { } homes && !result.Contains(homes)
            && text.Tokens.Any(t => t.EndsWith("bhk", StringComparison.Ordinal) && t.Length > 3 && char.IsAsciiDigit(t[0])))
        {
            result.Add(homes);
        }
        return result;
    }

    private Dictionary<string, IReadOnlyList<string>> AttributesOf(List<string> features) =>
        features.Select(f => (Phrase: f, Attribute: vocabulary.AttributeOf(f)))
            .Where(x => x.Attribute is not null)
            .GroupBy(x => x.Attribute!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.Phrase)], StringComparer.Ordinal);

    /// <summary>The feature phrases of the message with the index of their first word, in message order.</summary>
    private List<(int Index, string Phrase)> FindFeatures(TokenizedText text, bool[] consumed)
    {
        var found = new List<(int Index, string Phrase)>();
        string[] tokens = text.Tokens;

        // "16gb ram" / "32 gb memory" first, before the vocabulary claims "16gb" alone.
        for (int i = 0; i + 1 < tokens.Length; i++)
        {
            if (!consumed[i] && !consumed[i + 1] && tokens[i].EndsWith("gb", StringComparison.Ordinal)
                && CatalogVocabulary.UnitToken().IsMatch(tokens[i]) && MemoryWords.Contains(tokens[i + 1]))
            {
                found.Add((i, tokens[i] + " ram"));
                consumed[i] = consumed[i + 1] = true;
            }
        }

        foreach (var (index, words, phrase) in text.Match(vocabulary.FeatureLookup, CatalogVocabulary.MaxPhraseWords, consumed, consume: true))
        {
            int next = index + words;
            if (words == 2 && tokens[index] is "rtx" or "gtx")
            {
                found.Add((index, tokens[index])); // the family as well as the model: "rtx" + "rtx 4070"
            }
            found.Add((index, phrase));
            if (phrase is "rtx" or "gtx" && next < tokens.Length && !consumed[next] && TextNormalizer.IsNumber(tokens[next], out _))
            {
                found.Add((index, phrase + " " + tokens[next]));
                consumed[next] = true;
            }
        }

        for (int i = 0; i < tokens.Length; i++)
        {
            if (!consumed[i] && CatalogVocabulary.UnitToken().IsMatch(tokens[i])) found.Add((i, tokens[i]));
        }

        return [.. found.OrderBy(f => f.Index)];
    }

    private (FollowUpKind Kind, List<int> Ordinals, string? AskedAbout) FindFollowUp(string normalized, string[] tokens, bool question,
        Budget? budget, List<string> categories, List<string> brands, List<string> references)
    {
        if (ConversationCues.Compare().IsMatch(normalized))
        {
            return (FollowUpKind.Compare, ConversationCues.Ordinals(tokens, vocabulary), null);
        }

        if (ConversationCues.MoreAbout().IsMatch(normalized) || ConversationCues.IsBareOrdinalReference(tokens))
        {
            var ordinals = ConversationCues.Ordinals(tokens, vocabulary);
            if (ordinals.Count > 0 || references.Count > 0) return (FollowUpKind.MoreAbout, ordinals, null);
        }

        if (ConversationCues.Cheaper().IsMatch(normalized)) return (FollowUpKind.Cheaper, [], null);
        if (ConversationCues.Better().IsMatch(normalized)) return (FollowUpKind.Better, [], null);

        // "does it have a touchscreen?", "battery life of the first one?", "refresh rate?": a question about what was shown.
        // "it"/"that" means everything shown, so a number in the question ("2 hdmi ports") is not a position.
        if (budget is null && !ConversationCues.InStock().IsMatch(normalized))
        {
            var positions = ConversationCues.HasPronoun(tokens) ? [] : ConversationCues.Ordinals(tokens, vocabulary);
            bool refers = positions.Count > 0 || references.Count > 0;
            bool bareAllowed = categories.Count == 0 && brands.Count == 0;
            if (ConversationCues.AskedAbout(tokens, question, refers, vocabulary) is { } asked
                && (question && (refers || ConversationCues.HasPronoun(tokens)) || bareAllowed))
            {
                return (FollowUpKind.ProductQuestion, positions, asked);
            }
        }

        // "is the XPS in stock?": a named product with nothing else to search for is a question about it.
        bool searches = budget is not null || categories.Count > 0;
        if (references.Count > 0 && !searches) return (FollowUpKind.MoreAbout, [], null);
        if (brands.Count > 0 && !searches) return (FollowUpKind.OtherBrand, [], null);
        return (FollowUpKind.None, [], null);
    }

    /// <summary>
    /// "the cheapest one", "cheapest laptop": a search listed by price, not "cheaper than what was shown" nor a question
    /// about it; only "compare" or "tell me more about ..." keep their meaning.
    /// </summary>
    private (FollowUpKind Kind, List<int> Ordinals, string? AskedAbout) PriceOrderFollowUp(string normalized, string[] tokens, List<string> references)
    {
        if (ConversationCues.Compare().IsMatch(normalized))
        {
            return (FollowUpKind.Compare, ConversationCues.Ordinals(tokens, vocabulary), null);
        }
        var ordinals = ConversationCues.Ordinals(tokens, vocabulary);
        return ConversationCues.MoreAbout().IsMatch(normalized) && (ordinals.Count > 0 || references.Count > 0)
            ? (FollowUpKind.MoreAbout, ordinals, null)
            : (FollowUpKind.None, [], null);
    }

    private static bool IsModelHint(string token) =>
        TextNormalizer.IsNumber(token, out _) || CatalogVocabulary.UnitToken().IsMatch(token) || VocabularyLexicon.GenericNameWords.Contains(token);

    private static readonly HashSet<string> ExclusionWords = new(StringComparer.Ordinal) { "not", "no", "except", "without", "excluding", "besides" };

    /// <summary>
    /// "not Apple", "no Samsung", "anything but Dell", "other than HP", "not for gaming", "don't need gaming": the word at
    /// <paramref name="index"/> is ruled out.
    /// </summary>
    private static bool RulesOut(string[] tokens, int index)
    {
        string At(int i) => i >= 0 ? tokens[i] : "";
        int before = At(index - 1) is "a" or "an" or "any" or "the" or "for" ? index - 2 : index - 1;
        return ExclusionWords.Contains(At(before)) || (At(before) is "want" or "need" && At(before - 1) is "dont" or "not")
               || (At(index - 1) == "but" && At(index - 2) is "anything" or "any") || (At(index - 1) == "than" && At(index - 2) == "other");
    }

    /// <summary>The message with the budget's amounts replaced by spaces (same length, so nothing else moves).</summary>
    private static string BlankOut(string message, List<Range> spans)
    {
        if (spans.Count == 0) return message;
        return string.Create(message.Length, (message, spans), static (chars, state) =>
        {
            state.message.AsSpan().CopyTo(chars);
            foreach (Range span in state.spans) chars[span].Fill(' ');
        });
    }

    private sealed record RecentResult(string Message, ParsedQuery Query);
}
