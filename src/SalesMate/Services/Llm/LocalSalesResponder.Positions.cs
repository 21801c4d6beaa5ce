using SalesMate.Services.Products;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm;

/// <summary>"the fifth one" or "compare 1 and 5" when three products were shown: said plainly, with the list shown again.</summary>
public sealed partial class LocalSalesResponder
{
    private static readonly string[] PositionWords = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    /// <summary>The answer to a follow-up naming a position past the end of the last list, else null.</summary>
    private static ResponderReply? PositionNotShown(ResponderContext context, ParsedQuery parsed)
    {
        if (parsed.FollowUp is not (FollowUpKind.Compare or FollowUpKind.MoreAbout or FollowUpKind.ProductQuestion) || parsed.Ordinals.Count == 0)
        {
            return null;
        }
        var shown = LastShown(context);
        var missing = parsed.Ordinals.FirstOrDefault(o => Math.Abs(o) > shown.Count);
        if (shown.Count == 0 || missing == 0)
        {
            return null;
        }
        var count = shown.Count == 1 ? "one product" : $"{shown.Count} products";
        var which = missing > 0 ? $"there is no {(missing <= PositionWords.Length ? PositionWords[missing - 1] : $"number {missing}")} one"
            : "there aren't that many";
        var picks = shown.Select(p => new Recommendation(p, 1, p.Rating is { } r ? $"rated {r:0.0}/5" : "shown before", [])).ToList();
        var ask = parsed.FollowUp == FollowUpKind.Compare && shown.Count >= 2
            ? "Which of them would you like me to compare?"
            : "Which one did you mean?";
        var reply = Shown(context, context.State, $"I only showed {count}, so {which}. Here {(shown.Count == 1 ? "it is" : "they are")} again:\n\n" +
                                                  $"{AnswerText.Lines(picks)}\n\n{ask}", picks, Intents.Clarification, 0.6);
        return reply with { State = reply.State with { ProductsViewedCount = context.State.ProductsViewedCount } };
    }
}
