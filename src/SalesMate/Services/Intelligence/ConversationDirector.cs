using System.Globalization;
using System.Text.RegularExpressions;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>One turn as the director sees it, after the responder answered.</summary>
public sealed record DirectorInput(
    ConversationState Before,
    ConversationState After,
    string Intent,
    string UserText,
    SentimentReading Sentiment,
    IReadOnlyList<Recommendation> Shown,
    CatalogSnapshot Catalog,
    CoachingRules Rules,
    bool Escalating,
    bool LocalAnswer);

/// <summary>What the director adds: the text after the answer, its chips and nudge names, and the state after the turn.</summary>
public sealed record Coaching(string Stage, double Engagement, IReadOnlyList<string> Nudges, string? Text, IReadOnlyList<string> Chips,
    ConversationState State);

/// <summary>One sales nudge: its name in <see cref="ConversationState.NudgesGiven"/>, its kind (visit, value, budget_question), text and chip.</summary>
public sealed record CoachingNudge(string Name, string Text, string? Chip)
{
    public string Kind => Name.Split(':')[0];
}

/// <summary>
/// The turn as the rules see it before a nudge is picked: the state with the products of interest, the rules' stage and
/// engagement, the sales nudges the tenant's rules allow now (the rules' preference first) and the urgency line the
/// stock supports (never a choice: it is added whenever the data supports it).
/// </summary>
public sealed record CoachingPlan(DirectorInput Input, ConversationState State, string Stage, double Engagement,
    IReadOnlyList<CoachingNudge> Allowed, CoachingNudge? Urgency);

/// <summary>A decision on the plan: the stage, the engagement and the kind of the allowed nudge to give (null: none).</summary>
public sealed record CoachingChoice(string Stage, double Engagement, string? NudgeKind);

/// <summary>
/// Seed 001's conversation director: stage (awareness -> consideration -> decision, never back), engagement 0-10,
/// products of interest, and the coaching rules. At most one sales nudge per answer (price objection value, then a
/// visit or demo, then a budget question) plus an urgency line only when a product shown has little stock. Nothing
/// is repeated, and nothing is added once a human was offered. <see cref="Plan"/> and <see cref="Finish"/> let a model
/// make the choice (<see cref="StructuredCoach"/>) among what the rules allow.
/// </summary>
public static partial class ConversationDirector
{
    public const string BudgetQuestion = "What budget do you have in mind? I can narrow these down.";

    private static readonly HashSet<string> DecisionIntents = new(StringComparer.Ordinal)
    {
        ClassificationIntents.ScheduleVisit, ClassificationIntents.ScheduleDemo, ClassificationIntents.RequestCallback, ClassificationIntents.ContactInfo,
    };

    private static readonly HashSet<string> ConsiderationIntents = new(StringComparer.Ordinal)
    {
        Intents.ProductDetail, Intents.Comparison, Intents.BudgetAlternative, ClassificationIntents.PriceObjection,
    };

    /// <summary>The rules' coaching: their stage and engagement, and their preferred nudge.</summary>
    public static Coaching Direct(DirectorInput input)
    {
        var plan = Plan(input);
        return Finish(plan, RulesChoice(plan));
    }

    public static CoachingChoice RulesChoice(CoachingPlan plan) => new(plan.Stage, plan.Engagement, plan.Allowed.Count > 0 ? plan.Allowed[0].Kind : null);

    public static CoachingPlan Plan(DirectorInput input)
    {
        var state = input.After with { InterestedProductIds = Interested(input) };
        var stage = DetectStage(input.Before.Stage, input.Intent, input.UserText, state);
        var engagement = Engagement(state with { Stage = stage }, input.Sentiment);
        var open = input.Rules.Enabled && !state.Escalated && !input.Escalating;
        return new CoachingPlan(input, state, stage, engagement, open ? SalesNudges(input, state, stage) : [], open ? Urgency(input, state) : null);
    }

    /// <summary>
    /// Applies a choice: the stage (never below the conversation's earlier one), the engagement (0-10), the chosen nudge
    /// when the plan allows it, and the plan's urgency line.
    /// </summary>
    public static Coaching Finish(CoachingPlan plan, CoachingChoice choice)
    {
        var previous = plan.Input.Before.Stage;
        var stage = ConversationStages.Rank(choice.Stage) >= ConversationStages.Rank(previous) ? choice.Stage : previous;
        var state = plan.State with { Stage = stage };
        var nudges = new List<string>();
        var lines = new List<string>();
        var chips = new List<string>();
        if (plan.Allowed.FirstOrDefault(n => n.Kind == choice.NudgeKind) is { } nudge)
        {
            nudges.Add(nudge.Name);
            lines.Add(nudge.Text);
            if (nudge.Chip is { } chip)
            {
                chips.Add(chip);
            }
            state = nudge.Name == Nudges.BudgetQuestion ? state with { AskedQualifyingQuestion = true } : state;
        }
        if (plan.Urgency is { } urgency)
        {
            nudges.Add(urgency.Name);
            lines.Add(urgency.Text);
        }
        state = state with { NudgesGiven = [.. state.NudgesGiven, .. nudges] };
        var engagement = Math.Round(Math.Clamp(choice.Engagement, 0, 10), 1);
        return new Coaching(stage, engagement, nudges, lines.Count == 0 ? null : string.Join(" ", lines), chips, state);
    }

    /// <summary>The highest of the previous stage and this turn's: buying steps are decision, looking closer is consideration.</summary>
    public static string DetectStage(string? previous, string intent, string userText, ConversationState state)
    {
        var now = DecisionIntents.Contains(intent) || BuyingSignal().IsMatch(TextNormalizer.Normalize(userText)) ? ConversationStages.Decision
            : ConsiderationIntents.Contains(intent) || state.InterestedProductIds.Count > 0 ? ConversationStages.Consideration
            : ConversationStages.Awareness;
        return ConversationStages.Rank(now) >= ConversationStages.Rank(previous) ? now : previous!;
    }

    /// <summary>
    /// 0-10: turns (0.5 each, up to 3), products of interest (0.5 each, up to 1.5), products viewed (up to 1.5),
    /// stage (consideration 1, decision 2.5) and mood (positive or excited +1, negative -1, frustrated -2).
    /// </summary>
    public static double Engagement(ConversationState state, SentimentReading sentiment)
    {
        var score = Math.Min(state.TurnCount, 6) * 0.5
                    + Math.Min(state.InterestedProductIds.Count, 3) * 0.5
                    + Math.Min(state.ProductsViewedCount, 9) / 6.0
                    + ConversationStages.Rank(state.Stage) switch { 2 => 2.5, 1 => 1.0, _ => 0 }
                    + sentiment.Sentiment switch
                    {
                        Sentiments.Positive or Sentiments.Excited => 1,
                        Sentiments.Negative => -1,
                        Sentiments.Frustrated => -2,
                        _ => 0,
                    };
        return Math.Round(Math.Clamp(score, 0, 10), 1);
    }

    /// <summary>The sales nudges the rules allow now, preferred first: the value case on a price objection, else a visit or demo, then a budget question.</summary>
    private static List<CoachingNudge> SalesNudges(DirectorInput input, ConversationState state, string stage)
    {
        var allowed = new List<CoachingNudge>();
        if (input.Intent == ClassificationIntents.PriceObjection)
        {
            // The hosted model was told to make the value case itself; the local answer gets it from the catalog.
            if (input.Rules.PriceObjectionAlternatives && input.LocalAnswer && Objected(input) is { } product
                && !state.NudgesGiven.Contains(Nudges.Value(product.Id)) && ValuePitch(product) is { } pitch)
            {
                allowed.Add(new CoachingNudge(Nudges.Value(product.Id), pitch, PipelineChips.ShowCheaper));
            }
            return allowed;
        }
        if (input.Shown.Count == 0)
        {
            return allowed;
        }
        // "After 3 products viewed": viewed in earlier answers, so the first list of results is never followed by a visit pitch.
        if (input.Rules.VisitAfterProductsViewed > 0 && input.Before.ProductsViewedCount >= input.Rules.VisitAfterProductsViewed
            && stage != ConversationStages.Decision && !state.NudgesGiven.Contains(Nudges.Visit))
        {
            allowed.Add(new CoachingNudge(Nudges.Visit, input.Rules.VisitOffer, PipelineChips.BookVisit));
        }
        if (input.Rules.AskBudget && state.BudgetMin is null && state.BudgetMax is null && state.BudgetTarget is null
            && !state.AskedQualifyingQuestion && !state.NudgesGiven.Contains(Nudges.BudgetQuestion))
        {
            allowed.Add(new CoachingNudge(Nudges.BudgetQuestion, BudgetQuestion, null));
        }
        return allowed;
    }

    /// <summary>"Only 2 left": only from the stock the catalog holds, for a product shown in this answer, once per product.</summary>
    private static CoachingNudge? Urgency(DirectorInput input, ConversationState state)
    {
        if (input.Rules.UrgencyStockThreshold <= 0)
        {
            return null;
        }
        var scarce = input.Shown.Select(r => r.Product)
            .FirstOrDefault(p => p.Stock > 0 && p.Stock <= input.Rules.UrgencyStockThreshold && !state.NudgesGiven.Contains(Nudges.Urgency(p.Id)));
        return scarce is null ? null : new CoachingNudge(Nudges.Urgency(scarce.Id), $"Only {scarce.Stock} left of the {scarce.Name}.", null);
    }

    /// <summary>What the product is worth, from catalog data only: its rating and the first sentence of its description.</summary>
    public static string? ValuePitch(Product product)
    {
        var parts = new List<string>();
        if (product.Rating is { } rating)
        {
            parts.Add($"the {product.Name} is rated {rating.ToString("0.#", CultureInfo.InvariantCulture)}/5 by customers");
        }
        var sentence = FirstSentence(product.Description);
        if (parts.Count == 0 && sentence is null)
        {
            return null;
        }
        var text = parts.Count > 0 ? $"For what it's worth, {parts[0]}." : $"For what it's worth, about the {product.Name}:";
        return sentence is null ? text : $"{text} {sentence}";
    }

    private static Product? Objected(DirectorInput input) =>
        input.Before.LastShownProductIds.Count > 0 ? input.Catalog.Find(input.Before.LastShownProductIds[0]) : null;

    /// <summary>Products looked at closely: asked about, compared, objected to or asked to see; most recent last.</summary>
    private static List<Guid> Interested(DirectorInput input)
    {
        var ids = input.Intent switch
        {
            Intents.ProductDetail or Intents.Comparison => input.Shown.Select(r => r.Product.Id).ToList(),
            ClassificationIntents.PriceObjection or ClassificationIntents.ScheduleVisit or ClassificationIntents.ScheduleDemo
                or ClassificationIntents.RequestCallback => input.Before.LastShownProductIds.Take(1).ToList(),
            _ => [],
        };
        var interested = input.Before.InterestedProductIds.Where(id => !ids.Contains(id)).Concat(ids).ToList();
        return interested.Count > MaxInterested ? interested[^MaxInterested..] : interested;
    }

    private const int MaxInterested = 20;

    private static string? FirstSentence(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }
        var text = description.Trim();
        // A full stop ends a sentence only before a space or the end: "a 15.3-inch screen" goes on.
        var end = SentenceEnd().Match(text) is { Success: true } match ? match.Index : -1;
        var sentence = end > 0 ? text[..(end + 1)] : text;
        return sentence.Length > 240 ? null : sentence;
    }

    [GeneratedRegex(@"[.!?](?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(?<!\b(?:dont|not|never|wont|cant) )\b(?:ill take|i will take|i want to buy|want to buy|how (?:do|can) i (?:buy|order|pay)|buy (?:it|this|that|one)|order (?:it|this|that|one)" +
                    @"|add (?:it )?to (?:my )?cart|checkout|check out|place (?:an|the) order|ready to buy|book (?:it|this|that|the unit|a unit))\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex BuyingSignal();
}
