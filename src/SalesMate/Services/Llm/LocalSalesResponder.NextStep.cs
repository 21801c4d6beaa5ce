using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Flow;
using SalesMate.Services.Products;

namespace SalesMate.Services.Llm;

/// <summary>
/// "ok", "hmm", "?" and answers that would repeat the last one word for word: the conversation moves on to the next
/// useful step instead (price ranges to choose from, the first two side by side, what the store carries, best-rated picks),
/// and never the same text as the answer before. A yes to the offer the last answer ended with is that offer's answer.
/// </summary>
public sealed partial class LocalSalesResponder
{
    private ResponderReply NextStep(ResponderContext context, AcknowledgementKind kind)
    {
        var previous = PreviousAnswer(context);
        var opening = kind switch
        {
            AcknowledgementKind.Unsure => "No rush. ",
            AcknowledgementKind.Declined => "No problem. ",
            AcknowledgementKind.Confused => "Sorry, let me put that more simply. ",
            _ => "",
        };
        // "yes" to "shall I show you cheaper options?" is that answer.
        var accepted = context.AcceptedOffer switch
        {
            PendingOffer.CheaperOptions => Cheaper(context),
            PendingOffer.Comparison => Compare(context, context.Catalog.Parser.Parse(context.Message)),
            _ => null,
        };
        if (accepted is not null)
        {
            return accepted;
        }
        ResponderReply? last = null;
        foreach (var step in NextSteps(context, kind, opening))
        {
            // Compared without the opening: "No rush." before the same options is still the same answer.
            if (!Repeats(previous, step.Answer[opening.Length..]))
            {
                return step;
            }
            last = step;
        }
        return last!;
    }

    /// <summary>
    /// A search that would show the same products as the last answer ("any other laptops?"): the next matches after
    /// them, or null when there are none (or nothing was shown).
    /// </summary>
    private ResponderReply? MoreOf(ResponderContext context, Understanding.ParsedQuery parsed)
    {
        var shown = context.State.LastShownProductIds;
        if (shown.Count == 0)
        {
            return null;
        }
        var more = Search(context, parsed, shown.ToHashSet());
        return more.Intent == Intents.ProductSearch && more.Products.Count > 0 && more.Products.All(p => !shown.Contains(p.Product.Id))
            ? more with { Answer = $"Beyond the ones I showed you: {char.ToLowerInvariant(more.Answer[0])}{more.Answer[1..]}" }
            : null;
    }

    /// <summary>The candidate next steps, most useful first; the last one always exists.</summary>
    private IEnumerable<ResponderReply> NextSteps(ResponderContext context, AcknowledgementKind kind, string opening)
    {
        var shown = LastShown(context);
        var state = context.State;
        var noBudget = state.BudgetMax is null && state.BudgetMin is null && state.BudgetTarget is null;
        if (shown.Count > 0)
        {
            // "no" to "what budget?" is not asked again as ranges; the products themselves are the next step.
            if (noBudget && kind != AcknowledgementKind.Declined && BudgetChoices(context, shown, opening) is { } choices)
            {
                yield return choices;
            }
            if (shown.Count >= 2)
            {
                var two = shown.Take(2).ToList();
                yield return KeepList(context, Shown(context, state,
                    $"{opening}To help you decide, here are the first two side by side.\n\n{AnswerText.Comparison(two)}\n\n" +
                    "Tell me which matters most to you (price, rating or a spec), and I'll point you to the best fit.",
                    two.Select(p => new Recommendation(p, 1, "compared", [])).ToList(), Intents.Comparison, 0.7));
            }
            var top = shown[0];
            // A closer look that was the last answer (behind another opening) is not the next step: alternatives are.
            if (!Repeats(PreviousAnswer(context), AnswerText.Detail(top)))
            {
                yield return KeepList(context, Shown(context, state,
                    $"{opening}Here is a closer look at the top pick.\n\n{AnswerText.Detail(top)}\n\n{AnswerText.FollowUpPrompt(1)}",
                    [new Recommendation(top, 1, "top pick", [])], Intents.ProductDetail, 0.7));
            }
            if (SimilarlyPriced(context, top, shown) is { Count: > 0 } similar)
            {
                yield return Shown(context, state,
                    $"{opening}Here are other {top.Category.ToLowerInvariant()} at a similar price to the **{top.Name}**:\n\n" +
                    $"{AnswerText.Lines(similar)}\n\n{AnswerText.FollowUpPrompt(similar.Count)}", similar, Intents.ProductSearch, 0.6);
            }
        }
        yield return Reply(context with { State = state with { AskedQualifyingQuestion = true } }, $"{opening}{WhatWeCarry(context)}", [],
            Intents.Clarification, 0.5, AnswerText.CategoryChips(context.Catalog));
        var popular = context.Catalog.Categories
            .Select(c => context.Catalog.Products.Where(p => p.Category == c && p.Stock > 0).MaxBy(p => p.Rating ?? 0))
            .OfType<Product>().OrderByDescending(p => p.Rating ?? 0).Take(Limit)
            .Select(p => new Recommendation(p, 1, $"one of our best-rated {p.Category.ToLowerInvariant()}" +
                                                 (p.Rating is { } r ? $" ({r:0.0}/5)" : ""), [])).ToList();
        if (popular.Count > 0)
        {
            yield return Shown(context, state,
                $"{opening}Here are a few of our best-rated products to get you started:\n\n{AnswerText.Lines(popular)}\n\n" +
                "Tell me which kind you're after, or your budget, and I'll narrow it down.", popular, Intents.ProductSearch, 0.5);
        }
    }

    /// <summary>
    /// In-stock products of <paramref name="top"/>'s category not shown yet, within the shopper's budget and without a
    /// ruled-out brand, nearest to its price first.
    /// </summary>
    private List<Recommendation> SimilarlyPriced(ResponderContext context, Product top, IReadOnlyList<Product> shown)
    {
        var code = context.Catalog.Currency;
        var state = context.State;
        return context.Catalog.Products
            .Where(p => p.Category == top.Category && p.Stock > 0 && shown.All(s => s.Id != p.Id))
            .Where(p => (state.BudgetMax is not { } max || p.Price <= max)
                        && !state.ExcludedBrands.Contains(p.Brand, StringComparer.OrdinalIgnoreCase))
            .OrderBy(p => Math.Abs(p.Price - top.Price)).ThenByDescending(p => p.Rating ?? 0)
            .Take(Limit)
            .Select(p => new Recommendation(p, 1, p.Price == top.Price ? "the same price"
                : $"{Money.Format(Math.Abs(p.Price - top.Price), code)} {(p.Price < top.Price ? "less" : "more")}", []))
            .ToList();
    }

    /// <summary>"Which price range suits you?" with the ranges the category of the shown products fills, or null.</summary>
    private static ResponderReply? BudgetChoices(ResponderContext context, IReadOnlyList<Product> shown, string opening)
    {
        var category = context.State.Categories.Count == 1 ? context.State.Categories[0] : shown[0].Category;
        var bands = PriceBands.Of(context.Catalog.Products.Where(p => string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase)));
        if (bands.Count == 0)
        {
            return null;
        }
        var code = context.Catalog.Currency;
        var what = category.ToLowerInvariant();
        var lines = string.Join('\n', bands.Select(b => $"- {Capitalized(b.Label(code))} ({b.Count} {(b.Count == 1 ? "model" : "models")})"));
        var text = $"{opening}To narrow down the {what}, which price range suits you?\n\n{lines}\n\n" +
                   (shown.Count >= 2 ? "Or I can compare the first two side by side." : "Or I can tell you more about this one.");
        var chips = bands.Select(b => $"{Capitalized(what)} {b.Label(code)}").ToList();
        return Reply(context with { State = context.State with { AskedQualifyingQuestion = true } }, text, [], Intents.Clarification, 0.6, chips);
    }

    private static string WhatWeCarry(ResponderContext context)
    {
        var code = context.Catalog.Currency;
        var categories = context.Catalog.Categories.Select(c =>
            $"{c.ToLowerInvariant()} (from {Money.Format(context.Catalog.Products.Where(p => p.Category == c).Min(p => p.Price), code)})");
        if (context.Catalog.Categories.Count == 0)
        {
            return "Tell me what you are looking for and roughly what budget you have in mind.";
        }
        var first = context.Catalog.Categories[0];
        var example = PriceBands.Of(context.Catalog.Products.Where(p => p.Category == first)) is [_, { Max: { } max }, _]
            ? $", for example \"{first.ToLowerInvariant()} under {Money.Format(max, code)}\""
            : "";
        return $"Let's start with what we carry: {AnswerText.List(categories)}. Which would you like to see? " +
               $"Or tell me what it's for and your budget{example}.";
    }

    /// <summary>A reply about products of the last list keeps the list, so "the third one" still means its third.</summary>
    private static ResponderReply KeepList(ResponderContext context, ResponderReply reply)
    {
        var list = context.State.LastShownProductIds;
        return reply.Products.All(p => list.Contains(p.Product.Id)) ? reply with { State = reply.State with { LastShownProductIds = list } } : reply;
    }

    private static string? PreviousAnswer(ResponderContext context) =>
        context.History.LastOrDefault(m => m.Role == MessageRole.Assistant)?.Content;

    /// <summary>True when the last answer (as stored: with any opening before and coaching after it) already said this.</summary>
    private static bool Repeats(string? previous, string answer) =>
        previous is not null && answer.Length > 0 && previous.Contains(answer.Trim(), StringComparison.Ordinal);

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
