using SalesMate.Services.Llm.Flow;
using SalesMate.Services.Llm.Understanding;

namespace SalesMate.Services.Llm;

/// <summary>
/// A message in another language: said honestly that this assistant answers in English, with a search for the shopping
/// words it recognised ("portátiles baratos" -> the cheaper laptops) when there are any, else a request to write in English.
/// </summary>
public sealed partial class LocalSalesResponder
{
    private ResponderReply Foreign(ResponderContext context, ForeignMessage foreign)
    {
        var apology = $"Sorry, I can only chat in English for now, and your message looks like {foreign.Language}.";
        var parsed = context.Catalog.Parser.Parse(foreign.Gloss) with { FollowUp = FollowUpKind.None, SmallTalk = SmallTalkKind.None };
        if (!parsed.IsVague)
        {
            var found = Search(context with { Message = foreign.Gloss }, Cheap(context, parsed, foreign.Gloss));
            if (found.Products.Count > 0)
            {
                return found with { Answer = $"{apology} From the words I recognised, here is my best guess.\n\n{found.Answer}" };
            }
        }
        var categories = AnswerText.List(context.Catalog.Categories.Select(c => c.ToLowerInvariant()));
        return Reply(context, $"{apology} Could you tell me in English what you are looking for, for example \"headphones under " +
                              $"{Products.Money.Format(200, context.Catalog.Currency)}\"? We sell {categories}.", [], Intents.Clarification, 0.3,
            AnswerText.CategoryChips(context.Catalog));
    }

    /// <summary>"cheap" with no budget: the cheapest third of the category, as its price ranges cut it.</summary>
    private static ParsedQuery Cheap(ResponderContext context, ParsedQuery parsed, string gloss)
    {
        if (parsed.Budget is not null || parsed.Categories.Count != 1 || !gloss.Split(' ').Contains("cheap"))
        {
            return parsed;
        }
        var bands = PriceBands.Of(context.Catalog.Products.Where(p => string.Equals(p.Category, parsed.Categories[0], StringComparison.OrdinalIgnoreCase)));
        return bands.Count > 0 ? parsed with { Budget = new Budget(null, bands[0].Max, context.Catalog.Currency) } : parsed;
    }
}
