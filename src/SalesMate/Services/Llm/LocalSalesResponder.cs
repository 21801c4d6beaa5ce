using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Flow;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;
using SalesMate.Services.Rag.Answers;
using SalesMate.Vector;

namespace SalesMate.Services.Llm;

/// <summary>
/// The assistant that needs no keys: rules plus the catalog. It only ever states products, prices, specs and stock
/// that are in the database, keeps the conversation's filters across turns, and answers follow-ups
/// ("cheaper", "something better", "compare the first two", "tell me more about ...", "what about Dell?").
/// </summary>
public sealed partial class LocalSalesResponder(
    RecommendationEngine engine,
    CurrencyConverter currency,
    IOptions<ChatOptions> chatOptions,
    BudgetAlternatives? alternatives = null) : ISalesResponder
{
    private readonly BudgetAlternatives _alternatives = alternatives ?? new BudgetAlternatives(engine);

    public string Name => "local";

    private int Limit => chatOptions.Value.MaxProducts;

    public IAsyncEnumerable<ResponderUpdate> StreamAsync(ResponderContext context, CancellationToken cancellationToken) =>
        Respond(context).AsUpdates(cancellationToken);

    /// <summary>
    /// The answer, opened with the pipeline's tone (empathy when the shopper is frustrated); products found for a
    /// message whose typos were corrected say what was searched for ("Showing results for "noise cancelling headphones".").
    /// </summary>
    public ResponderReply Respond(ResponderContext context)
    {
        var reply = Answer(context);
        if (reply.Products.Count > 0 && context.Preprocessed is { } preprocessed && preprocessed.Corrections.Any(c => c.Distance > 0))
        {
            reply = reply with { Answer = $"{AnswerText.ShowingResultsFor(preprocessed.Text)}\n\n{reply.Answer}" };
        }
        return context.Tone.Opening is { Length: > 0 } opening ? reply with { Answer = opening + reply.Answer } : reply;
    }

    private ResponderReply Answer(ResponderContext context)
    {
        if (context.Knowledge is { } knowledge)
        {
            return KnowledgeAnswer(context, knowledge);
        }
        if (CompetitorPriceClaim.IsClaim(context.Message))
        {
            return PriceMatch(context, null);
        }
        if (ForeignLanguage.Detect(context.Preprocessed?.Original ?? context.Message) is { } foreign)
        {
            return Foreign(context, foreign);
        }
        if (Acknowledgement.Of(context.Message) is var acknowledged and not AcknowledgementKind.None)
        {
            return NextStep(context, acknowledged);
        }
        var parsed = context.Catalog.Parser.Parse(context.Message);
        if (PositionNotShown(context, parsed) is { } notShown)
        {
            return notShown;
        }
        var route = RouteOf(context, parsed);
        var reply = route switch
        {
            Route.SmallTalk => SmallTalk(context, parsed.SmallTalk),
            Route.Compare => Compare(context, parsed),
            Route.MoreAbout => Detail(context, parsed),
            Route.Question => Question(context, parsed),
            Route.Cheaper => Cheaper(context),
            Route.Better => Better(context),
            _ => Search(context, parsed),
        };
        return route == Route.SmallTalk || !Repeats(PreviousAnswer(context), reply.Answer) ? reply
            : route is Route.Compare or Route.MoreAbout or Route.Question ? reply with { Answer = $"As in my last answer:\n\n{reply.Answer}" }
            : MoreOf(context, parsed) ?? NextStep(context, AcknowledgementKind.None);
    }

    /// <summary>How many catalog products a reference may name before the message's model hints choose one.</summary>
    private const int MaxNamedCandidates = 8;

    private enum Route { SmallTalk, Compare, MoreAbout, Question, Cheaper, Better, Search }

    /// <summary>Which kind of answer a message gets; <see cref="Filters"/> follows the same decision.</summary>
    private static Route RouteOf(ResponderContext context, ParsedQuery parsed)
    {
        if (parsed.SmallTalk != SmallTalkKind.None && parsed.IsVague)
        {
            return Route.SmallTalk;
        }
        // A price objection the parser does not read as "cheaper" ("any discount?") is answered with cheaper options.
        if (context.Intent == Classification.ClassificationIntents.PriceObjection && parsed.FollowUp == FollowUpKind.None
            && parsed.PriceOrder == PriceOrder.Relevance)
        {
            return Route.Cheaper;
        }
        return parsed.FollowUp switch
        {
            FollowUpKind.Compare => Route.Compare,
            FollowUpKind.MoreAbout => Route.MoreAbout,
            // A question about what was shown; with nothing shown or named, the message is a search.
            FollowUpKind.ProductQuestion when Asked(context, parsed).Count > 0 => Route.Question,
            FollowUpKind.Cheaper => Route.Cheaper,
            FollowUpKind.Better => Route.Better,
            _ => Route.Search,
        };
    }

    /// <summary>A knowledge question: the passages quoted with their sources, or "I don't know" and whom to ask.</summary>
    private static ResponderReply KnowledgeAnswer(ResponderContext context, KnowledgeGrounding knowledge)
    {
        var state = context.State with { LastIntent = KnowledgeQuestionDetector.Intent };
        if (knowledge.CompetitorPrice)
        {
            return PriceMatch(context, knowledge);
        }
        if (!knowledge.HasPassages)
        {
            return new ResponderReply(KnowledgeAnswerText.DontKnow(knowledge.SalesContact), [], KnowledgeQuestionDetector.Intent, [], 0.2, state);
        }
        var (text, sources) = KnowledgeAnswerText.Extractive(knowledge);
        return new ResponderReply(text, [], KnowledgeQuestionDetector.Intent, [], 0.8, state) { Sources = sources };
    }

    private ResponderReply SmallTalk(ResponderContext context, SmallTalkKind kind)
    {
        var name = AssistantName(context.Assistant);
        return kind switch
        {
            SmallTalkKind.Thanks => Reply(context, "You're welcome! Anything else I can help you find?", [], Intents.Thanks, 0.95,
                ["Show me something cheaper", "Compare the first two"]),
            SmallTalkKind.Goodbye => Reply(context, "Thanks for stopping by! Come back any time, your conversation is saved.", [],
                Intents.Goodbye, 0.95, []),
            _ => Reply(context, AnswerText.Greeting(name, context.Shopper, currencyCode: context.Catalog.Currency), [],
                Intents.Greeting, 0.95, AnswerText.CategoryChips(context.Catalog)),
        };
    }

    /// <param name="exclude">Products already shown that this search must not show again (a search repeated word for word).</param>
    private ResponderReply Search(ResponderContext context, ParsedQuery parsed, IReadOnlySet<Guid>? exclude = null)
    {
        var (state, conversionNote, learnedNote, priced) = SearchFilters(context, parsed);
        if (!priced)
        {
            return Reply(context with { State = state },
                $"I can only price things in {context.Catalog.Currency} and don't have an exchange rate for {parsed.Budget!.Currency}. " +
                $"Roughly what is your budget in {context.Catalog.Currency}?", [], Intents.Clarification, 0.3, []);
        }

        var personaBudget = state.BudgetMin is null && state.BudgetMax is null && context.Shopper is { } shopper
            && (shopper.BudgetMin is not null || shopper.BudgetMax is not null);
        var nothingToGoOn = state.Categories.Count == 0 && state.Brands.Count == 0 && state.Features.Count == 0
                            && state.BudgetMax is null && state.BudgetMin is null;
        // "do you sell cars?": a kind of product the catalog has under no category, name, tag or description word; also in
        // the middle of a laptop search, which would otherwise show the laptops again.
        if (NotCarried(context.Catalog, parsed) is { } thing)
        {
            return Reply(context with { State = state }, AnswerText.NotCarried(thing, context.Catalog.Categories), [], Intents.Clarification, 0.5,
                AnswerText.CategoryChips(context.Catalog));
        }
        if (nothingToGoOn && context.Shopper is null)
        {
            return Reply(context with { State = state with { AskedQualifyingQuestion = true } },
                AnswerText.QualifyingQuestion(), [], Intents.Clarification, 0.3, AnswerText.CategoryChips(context.Catalog));
        }

        var criteria = Criteria(state, context.Shopper, personaBudget, context.Catalog.Currency) with { PriceOrder = state.PriceOrder };
        if (exclude is not null)
        {
            criteria = criteria with { Exclude = exclude };
        }
        var picks = engine.Recommend(context.Catalog, criteria, Limit);
        if (picks.Count > 0)
        {
            var allFeatures = criteria.Features.Count == 0 || picks.All(p => p.MatchedFeatures.Count == criteria.Features.Count);
            var text = AnswerText.Picks(picks, criteria, conversionNote, personaBudget ? context.Shopper : null, allFeatures);
            text = learnedNote is null ? text : $"{learnedNote} {text}";
            if (state.BudgetMax is null && state.BudgetMin is null && !personaBudget && !state.AskedQualifyingQuestion)
            {
                text += "\n\nWhat budget do you have in mind? I can narrow these down.";
                state = state with { AskedQualifyingQuestion = true };
            }
            return Shown(context, state, text, picks, Intents.ProductSearch, allFeatures ? 0.9 : 0.6);
        }
        return Alternatives(context, state, criteria, conversionNote);
    }

    /// <summary>Nothing matched: say so, then offer the nearest options (10-15% over budget, without the features, or nearest in price).</summary>
    private ResponderReply Alternatives(ResponderContext context, ConversationState state, ProductCriteria criteria, string? conversionNote)
    {
        var attempts = new List<(ProductCriteria Criteria, string Why)>();
        if (criteria.MaxPrice is { } max)
        {
            attempts.Add((criteria with { MinPrice = null, MaxPrice = Math.Round(max * 1.15m, 2) },
                "slightly over your budget (up to 15% more)"));
        }
        if (criteria.MinPrice is { } min)
        {
            attempts.Add((criteria with { MinPrice = Math.Round(min * 0.8m, 2), MaxPrice = min }, "slightly under the price you named (10-20% less)"));
        }
        if (criteria.Features.Count > 0)
        {
            attempts.Add((criteria with { Features = [] }, $"within your other criteria but without {AnswerText.List(criteria.Features.Select(FeatureDisplay.Of))}"));
        }
        if (criteria.Brands.Count > 0)
        {
            attempts.Add((criteria with { Brands = [] }, "from other brands"));
        }
        attempts.Add((criteria with { MinPrice = null, MaxPrice = null, Features = [], Brands = [], TargetPrice = criteria.MaxPrice ?? criteria.MinPrice },
            "the closest in price"));

        var none = AnswerText.NothingMatches(criteria, conversionNote);
        foreach (var (alternative, why) in attempts)
        {
            var picks = engine.Recommend(context.Catalog, alternative, Limit);
            if (picks.Count > 0)
            {
                return Shown(context, state, $"{none} The nearest options, {why}:\n\n{AnswerText.Lines(picks)}\n\n{AnswerText.FollowUpPrompt(picks.Count)}",
                    picks, Intents.BudgetAlternative, 0.4);
            }
        }
        return Reply(context with { State = state }, $"{none} Could you tell me a bit more about what you need?", [], Intents.Clarification, 0.2,
            AnswerText.CategoryChips(context.Catalog));
    }

    private ResponderReply Cheaper(ResponderContext context) => BudgetAlternative(context, AlternativeKind.Cheaper);

    private ResponderReply Better(ResponderContext context) => BudgetAlternative(context, AlternativeKind.BetterValue);

    /// <summary>
    /// Seed 001's budget alternatives around what was shown: cheaper is 10-20% under the cheapest, better value 10-15%
    /// over the dearest, plus one similar-budget option in another category or location when the catalog has one.
    /// "Cheaper" caps this answer only; the shopper's stated budget stays what they said. An empty band is said plainly.
    /// </summary>
    private ResponderReply BudgetAlternative(ResponderContext context, AlternativeKind kind)
    {
        var shown = LastShown(context);
        if (shown.Count == 0)
        {
            return Search(context, context.Catalog.Parser.Parse(context.Message) with { FollowUp = FollowUpKind.None });
        }
        var cheaper = kind == AlternativeKind.Cheaper;
        var reference = cheaper ? shown.MinBy(p => p.Price)! : shown.MaxBy(p => p.Price)!;
        var state = context.State;
        var code = context.Catalog.Currency;
        // "Cheaper" than a product over the stated budget (one the shopper asked about by name) means within the budget:
        // 10-20% under it would still be over what they said they can spend.
        if (cheaper && state.BudgetMax is { } ceiling && reference.Price > ceiling)
        {
            var criteria = Criteria(state, context.Shopper, false, code) with { Exclude = shown.Select(p => p.Id).ToHashSet() };
            var within = engine.Recommend(context.Catalog, criteria, Limit);
            if (within.Count > 0)
            {
                return Shown(context, state,
                    $"The {reference.Name} ({Money.Format(reference.Price, code)}) is over your {Money.Format(ceiling, code)} budget. " +
                    $"Within it:\n\n{AnswerText.Lines(within)}\n\n{AnswerText.FollowUpPrompt(within.Count)}", within, Intents.BudgetAlternative, 0.85);
            }
        }
        var request = new AlternativesRequest(reference.Price)
        {
            Reference = reference,
            Criteria = Criteria(state, context.Shopper, false, code),
            Exclude = shown.Select(p => p.Id).ToHashSet(),
        };
        var found = _alternatives.Find(context.Catalog, request, kind, Limit);
        var price = $"the {reference.Name} ({Money.Format(reference.Price, code)})";
        var picks = found.InBand.Select(a => a.Pick).ToList();
        var text = picks.Count > 0
            ? $"{(cheaper ? "Cheaper options" : "Better value")}, {found.Band.Label} than {price}:\n\n{AnswerText.Lines(picks)}"
            : $"Nothing in our catalog is {found.Band.Label} than {price}, that is {Money.Format(found.Band.Min, code)}-{Money.Format(found.Band.Max, code)}.";
        if (found.Nearest is { } nearest)
        {
            picks.Add(nearest.Pick);
            text += $" The nearest {(cheaper ? "cheaper one" : "step up")}:\n\n{AnswerText.Lines([nearest.Pick])}";
        }
        // Another location at a similar budget (seed 001's "emerging areas"); other categories are left to the tools.
        var elsewhere = BudgetAlternatives.LocationOf(reference) is null ? null
            : _alternatives.Find(context.Catalog, request, AlternativeKind.Elsewhere, 5).InBand.FirstOrDefault(a =>
                a.Pick.Product.Category == reference.Category && (cheaper ? a.Pick.Product.Price < reference.Price : a.Pick.Product.Price > reference.Price));
        if (elsewhere is not null && BudgetAlternatives.LocationOf(elsewhere.Pick.Product) is { } location)
        {
            picks.Add(elsewhere.Pick);
            text += $"\n\nAt a similar budget in {location}:\n{picks.Count}. **{elsewhere.Pick.Product.Name}** ({elsewhere.Pick.Product.Brand}) - " +
                    $"{Money.Format(elsewhere.Pick.Product.Price, code)}: {elsewhere.Pick.Reason}";
        }
        if (picks.Count == 0)
        {
            return cheaper
                ? Reply(context, $"{Money.Format(reference.Price, code)} is the lowest price I have for that. " +
                    "Would you like to look at a different category or a refurbished option?", [], Intents.BudgetAlternative, 0.5, [])
                : Reply(context, "Those are already the best we carry for what you asked. Want me to compare them?", [],
                    Intents.BudgetAlternative, 0.5, ["Compare the first two"]) with { Offer = shown.Count >= 2 ? PendingOffer.Comparison : PendingOffer.None };
        }
        return Shown(context, state, $"{text}\n\n{AnswerText.FollowUpPrompt(picks.Count)}", picks, Intents.BudgetAlternative,
            found.InBand.Count > 0 ? 0.85 : 0.5);
    }

    private ResponderReply Compare(ResponderContext context, ParsedQuery parsed)
    {
        var shown = LastShown(context);
        var chosen = parsed.Ordinals.Count > 0 ? Pick(shown, parsed.Ordinals) : shown.Take(Math.Max(2, Math.Min(3, shown.Count))).ToList();
        if (chosen.Count < 2)
        {
            return Reply(context, "I need at least two products to compare. Ask me for some options first, then say \"compare the first two\".",
                [], Intents.Comparison, 0.4, AnswerText.CategoryChips(context.Catalog));
        }
        var picks = chosen.Select(p => new Recommendation(p, 1, "compared", [])).ToList();
        return KeepList(context, Shown(context, context.State, AnswerText.Comparison(chosen), picks, Intents.Comparison, 0.9));
    }

    private ResponderReply Detail(ResponderContext context, ParsedQuery parsed)
    {
        var shown = LastShown(context);
        var product = parsed.Ordinals.Count > 0
            ? Pick(shown, parsed.Ordinals).FirstOrDefault()
            : FindByReference(context.Catalog, shown, parsed.ProductReference, parsed.ModelHints);
        if (product is null)
        {
            var what = parsed.ProductReference is { Length: > 0 } r ? $"\"{r}\"" : "that product";
            return Reply(context, $"I couldn't find {what} in our catalog. Could you give me its name, or ask me for options?", [],
                Intents.ProductDetail, 0.2, AnswerText.CategoryChips(context.Catalog));
        }
        var pick = new Recommendation(product, 1, "you asked about it", []);
        return Shown(context, context.State, AnswerText.Detail(product), [pick], Intents.ProductDetail, 0.9);
    }

    /// <summary>
    /// "does it have a touchscreen?": the asked attribute looked up in each product the question is about (the one
    /// named or numbered, else everything last shown), answered from its specs, tags or description, or "not listed".
    /// </summary>
    private static ResponderReply Question(ResponderContext context, ParsedQuery parsed)
    {
        var products = Asked(context, parsed);
        var answers = products.Select(p => ProductFacts.Answer(p, parsed.AskedAbout!, context.Catalog.Vocabulary)).ToList();
        var picks = products.Select(p => new Recommendation(p, 1, "you asked about it", [])).ToList();
        var text = string.Join('\n', answers.Select(a => products.Count > 1 ? $"- {a}" : a));
        var known = answers.Count(a => !a.StartsWith("Our catalog doesn't list", StringComparison.Ordinal));
        var reply = Shown(context, context.State, $"{text}\n\n{AnswerText.FollowUpPrompt(picks.Count)}", picks, Intents.ProductDetail,
            known == answers.Count ? 0.9 : 0.6);
        // A question about one of the list keeps the list: "the second one" after "the first one" is still its second.
        var list = context.State.LastShownProductIds;
        return products.All(p => list.Contains(p.Id)) ? reply with { State = reply.State with { LastShownProductIds = list } } : reply;
    }

    /// <summary>The products a question is about: the ones numbered or named, else everything last shown.</summary>
    private static List<Product> Asked(ResponderContext context, ParsedQuery parsed)
    {
        var shown = LastShown(context);
        if (parsed.Ordinals.Count > 0)
        {
            return Pick(shown, parsed.Ordinals);
        }
        if (parsed.ProductReference is { Length: > 0 })
        {
            return FindByReference(context.Catalog, shown, parsed.ProductReference, parsed.ModelHints) is { } named ? [named] : [];
        }
        return shown;
    }

    /// <summary>The thing a vague message asks for when nothing in the catalog matches any form of it, else null.</summary>
    private static string? NotCarried(CatalogSnapshot catalog, ParsedQuery parsed)
    {
        if (parsed.UnknownThing is not { } thing)
        {
            return null;
        }
        var singular = string.Join(' ', thing.Split(' ').Select(CatalogVocabulary.Singular));
        bool InCatalog(string words) => catalog.Search(words, 1).Count > 0
                                        || words.Split(' ').Any(w => catalog.Vocabulary.FindCategory(w) is not null || catalog.Vocabulary.IsFeature(w));
        return InCatalog(thing) || InCatalog(singular) ? null : thing;
    }

    /// <summary>
    /// The product a reference names, preferring the ones shown; of several ("macbook"), the one whose name and specs
    /// have most of the message's <paramref name="modelHints"/> ("air", "13": the 13-inch MacBook Air).
    /// </summary>
    private static Product? FindByReference(CatalogSnapshot catalog, IReadOnlyList<Product> shown, string? reference,
        IReadOnlyList<string> modelHints)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return shown.Count > 0 ? shown[0] : null;
        }
        var words = TextNormalizer.Tokenize(reference);
        bool Named(Product p)
        {
            var name = $" {TextNormalizer.Normalize($"{p.Brand} {p.Name}")} ";
            return words.All(w => name.Contains($" {w} ", StringComparison.Ordinal));
        }
        var named = shown.Where(Named).ToList();
        if (named.Count == 0)
        {
            named = [.. catalog.Search(reference, MaxNamedCandidates, Named).Select(x => x.Product)];
        }
        return named.OrderByDescending(p => ModelHints.Matching(p, modelHints)).FirstOrDefault();
    }

    private static List<Product> Pick(IReadOnlyList<Product> shown, IReadOnlyList<int> ordinals) =>
        ordinals.Select(o => o == -1 ? shown.Count - 1 : o - 1)
            .Where(i => i >= 0 && i < shown.Count)
            .Distinct()
            .Select(i => shown[i])
            .ToList();

    private static List<Product> LastShown(ResponderContext context) =>
        context.State.LastShownProductIds.Select(context.Catalog.Find).OfType<Product>().ToList();

    /// <summary>
    /// A new category starts a new search: brands, features, budget and price order from the old one no longer apply.
    /// Within a topic, a newly named attribute value replaces the old value of that attribute ("3BHK in Hebbal" after
    /// "2BHK in Whitefield"), and a newly named order the old order.
    /// </summary>
    private static ConversationState Merge(ConversationState state, ParsedQuery parsed, CatalogVocabulary vocabulary)
    {
        var newTopic = parsed.Categories.Count > 0 && !parsed.Categories.Order().SequenceEqual(state.Categories.Order());
        var keep = !newTopic;
        var kept = state.Features.Where(f => vocabulary.AttributeOf(f) is not { } attribute || !parsed.Attributes.ContainsKey(attribute));
        return state with
        {
            Categories = parsed.Categories.Count > 0 ? [.. parsed.Categories] : state.Categories,
            Brands = parsed.Brands.Count > 0 ? [.. parsed.Brands] : keep ? state.Brands.Where(b => !parsed.ExcludedBrands.Contains(b)).ToList() : [],
            ExcludedBrands = [.. (keep ? state.ExcludedBrands : []).Where(b => !parsed.Brands.Contains(b)).Union(parsed.ExcludedBrands)],
            Features = [.. (parsed.Features.Count > 0
                ? keep ? kept.Union(parsed.Features) : parsed.Features
                : keep ? state.Features : []).Where(f => !parsed.ExcludedFeatures.Contains(f))],
            ExcludedFeatures = [.. (keep ? state.ExcludedFeatures : []).Where(f => !parsed.Features.Contains(f)).Union(parsed.ExcludedFeatures)],
            BudgetMin = keep ? state.BudgetMin : null,
            BudgetMax = keep ? state.BudgetMax : null,
            BudgetTarget = keep ? state.BudgetTarget : null,
            InStockOnly = parsed.InStockOnly || (keep && state.InStockOnly),
            PriceOrder = parsed.PriceOrder != PriceOrder.Relevance || parsed.RelevanceOrder ? parsed.PriceOrder
                : keep ? state.PriceOrder : PriceOrder.Relevance,
        };
    }

    private static ProductCriteria Criteria(ConversationState state, ShopperPersona? shopper, bool usePersonaBudget, string currency) => new()
    {
        Currency = currency,
        Categories = state.Categories.Count > 0 || shopper is null ? state.Categories : shopper.Categories,
        Brands = state.Brands,
        ExcludedBrands = state.ExcludedBrands,
        Features = state.Features,
        ExcludedFeatures = state.ExcludedFeatures,
        MinPrice = usePersonaBudget ? shopper!.BudgetMin : state.BudgetMin,
        MaxPrice = usePersonaBudget ? shopper!.BudgetMax : state.BudgetMax,
        BudgetCeiling = usePersonaBudget ? shopper!.BudgetMax : state.BudgetMax,
        TargetPrice = state.BudgetTarget,
        InStockOnly = state.InStockOnly,
        PreferredFeatures = shopper?.KeyFeatures.Select(TextNormalizer.Normalize).ToList() ?? [],
        PreferredBrands = shopper?.PreferredBrands ?? [],
    };

    private (Budget? Budget, string? Note) BudgetInCatalogCurrency(Budget? budget, string catalogCurrency)
    {
        if (budget is null || string.Equals(budget.Currency, catalogCurrency, StringComparison.OrdinalIgnoreCase))
        {
            return (budget, null);
        }
        decimal? Convert(decimal? amount) => amount is { } a ? currency.Convert(a, budget.Currency, catalogCurrency) : null;
        var converted = new Budget(Convert(budget.Min), Convert(budget.Max), catalogCurrency, Convert(budget.Target));
        if ((budget.Min is not null && converted.Min is null) || (budget.Max is not null && converted.Max is null))
        {
            return (null, null);
        }
        var shown = budget.Max ?? budget.Target ?? budget.Min ?? 0;
        var inCatalog = converted.Max ?? converted.Target ?? converted.Min ?? 0;
        return (converted, $"({Money.Format(shown, budget.Currency)} is about {Money.Format(inCatalog, catalogCurrency)})");
    }

    private static string AssistantName(AssistantPersona? assistant) =>
        assistant?.Name.Split([',', ' '], 2)[0] is { Length: > 0 } first ? first : "your sales assistant";

    private static ResponderReply Shown(ResponderContext context, ConversationState state, string text,
        IReadOnlyList<Recommendation> picks, string intent, double confidence) =>
        new(text, picks, intent, AnswerText.Chips(picks, intent), confidence, state with
        {
            LastShownProductIds = picks.Select(p => p.Product.Id).ToList(),
            LastIntent = intent,
            ProductsViewedCount = state.ProductsViewedCount + picks.Count,
        });

    private static ResponderReply Reply(ResponderContext context, string text, IReadOnlyList<Recommendation> picks, string intent,
        double confidence, IReadOnlyList<string> chips) =>
        new(text, picks, intent, chips, confidence, context.State with { LastIntent = intent });
}
