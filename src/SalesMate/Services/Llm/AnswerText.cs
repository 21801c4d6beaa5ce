using System.Text;
using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Services.Llm;

/// <summary>The wording of the local responder's answers (Markdown), kept apart from the decisions.</summary>
internal static class AnswerText
{
    public static string Greeting(string assistantName, ShopperPersona? shopper, string currencyCode)
    {
        var intro = $"Hi! I'm {assistantName}, your sales assistant.";
        if (shopper is null)
        {
            return $"{intro} What are you shopping for today, and do you have a budget in mind?";
        }
        var budget = shopper.BudgetMin is not null || shopper.BudgetMax is not null
            ? $" with a budget of {Range(shopper.BudgetMin, shopper.BudgetMax, shopper.Currency)}"
            : "";
        var interests = shopper.Categories.Count > 0 ? $", interested in {List(shopper.Categories.Select(c => c.ToLowerInvariant()))}" : "";
        return $"{intro} I see you're shopping as **{shopper.Name}**{budget}{interests}. What can I help you find?";
    }

    public static string QualifyingQuestion() =>
        "Happy to help! To point you to the right products: what will you mainly use it for, and roughly what budget do you have in mind?";

    public static string NotCarried(string thing, IReadOnlyList<string> categories) =>
        $"Sorry, we don't carry {thing}. We sell {List(categories.Select(c => c.ToLowerInvariant()))}. Can I help you find something in one of those?";

    /// <summary>What a message with corrected typos was understood as, so the shopper can see and fix it.</summary>
    public static string ShowingResultsFor(string correctedMessage) => $"Showing results for \"{correctedMessage.Trim()}\".";

    public static IReadOnlyList<string> CategoryChips(CatalogSnapshot catalog) =>
        catalog.Categories.Take(4).Select(c => $"Show me {c.ToLowerInvariant()}").ToList();

    public static string Picks(IReadOnlyList<Recommendation> picks, ProductCriteria criteria, string? conversionNote,
        ShopperPersona? personaBudgetFrom, bool allFeaturesMatched)
    {
        var budget = BudgetPhrase(criteria);
        var header = new StringBuilder(criteria.PriceOrder == PriceOrder.Relevance
            ? $"Here {(picks.Count == 1 ? "is the best match" : $"are the {picks.Count} best matches")} for {Describe(criteria)}{budget}"
            : PriceOrderHeader(picks, criteria, budget));
        if (conversionNote is not null)
        {
            header.Append(' ').Append(conversionNote);
        }
        if (personaBudgetFrom is not null)
        {
            header.Append(" (using the ").Append(personaBudgetFrom.Name).Append(" budget)");
        }
        header.Append(':');
        if (!allFeaturesMatched)
        {
            header.Append("\n\nNone has everything you asked for, so these come closest.");
        }
        return $"{header}\n\n{Lines(picks)}\n\n{FollowUpPrompt(picks.Count)}";
    }

    /// <summary>"Our cheapest gaming laptop under $2,000 is **Acer Nitro V 16** ($899.99). From the lowest price up".</summary>
    private static string PriceOrderHeader(IReadOnlyList<Recommendation> picks, ProductCriteria criteria, string budget)
    {
        var lowest = criteria.PriceOrder == PriceOrder.LowestFirst;
        var first = picks[0].Product;
        var header = $"Our {(lowest ? "cheapest" : "most expensive")} {Describe(criteria, singular: true)}{budget} is **{first.Name}** " +
                     $"({Money.Format(first.Price, first.Currency)})";
        return picks.Count == 1 ? header : $"{header}. {(lowest ? "From the lowest price up" : "From the highest price down")}";
    }

    public static string Lines(IReadOnlyList<Recommendation> picks) =>
        string.Join('\n', picks.Select((p, i) =>
            $"{i + 1}. **{p.Product.Name}** ({p.Product.Brand}) - {Money.Format(p.Product.Price, p.Product.Currency)}: {p.Reason}"));

    public static string FollowUpPrompt(int shown) => shown >= 2
        ? "Want me to compare the first two, find something cheaper, or tell you more about one of them?"
        : "Want more details, or something cheaper?";

    public static string NothingMatches(ProductCriteria criteria, string? conversionNote) =>
        $"I couldn't find {Describe(criteria)}{BudgetPhrase(criteria)}{(conversionNote is null ? "" : " " + conversionNote)} in our catalog.";

    public static string Comparison(IReadOnlyList<Product> products)
    {
        var keys = products.SelectMany(p => p.Specs.Keys).Distinct(StringComparer.OrdinalIgnoreCase).Take(6).ToList();
        var table = new StringBuilder();
        table.Append("| | ").AppendJoin(" | ", products.Select(p => $"**{p.Name}**")).Append(" |\n");
        table.Append("|---|").AppendJoin("", products.Select(_ => "---|")).Append('\n');
        table.Append("| Price | ").AppendJoin(" | ", products.Select(p => Money.Format(p.Price, p.Currency))).Append(" |\n");
        table.Append("| Rating | ").AppendJoin(" | ", products.Select(p => p.Rating is { } r ? $"{r:0.0}/5" : "-")).Append(" |\n");
        foreach (var key in keys)
        {
            table.Append("| ").Append(key).Append(" | ")
                .AppendJoin(" | ", products.Select(p => p.Specs.GetValueOrDefault(key) ?? "-")).Append(" |\n");
        }
        table.Append("| Stock | ").AppendJoin(" | ", products.Select(p => p.Stock > 0 ? $"{p.Stock} available" : "out of stock")).Append(" |");

        var cheapest = products.MinBy(p => p.Price)!;
        var priciest = products.MaxBy(p => p.Price)!;
        var bestRated = products.Where(p => p.Rating is not null).MaxBy(p => p.Rating);
        var verdict = $"**{cheapest.Name}** is the most affordable, {Money.Format(priciest.Price - cheapest.Price, cheapest.Currency)} less than **{priciest.Name}**.";
        if (bestRated is not null && bestRated.Id != cheapest.Id)
        {
            verdict += $" **{bestRated.Name}** has the best rating ({bestRated.Rating:0.0}/5).";
        }
        return $"Here's how they compare:\n\n{table}\n\n{verdict}";
    }

    public static string Detail(Product p)
    {
        var specs = string.Join('\n', p.Specs.Select(s => $"- {s.Key}: {s.Value}"));
        var stock = p.Stock switch
        {
            0 => "currently out of stock",
            <= 3 => $"only {p.Stock} left in stock",
            _ => $"{p.Stock} in stock",
        };
        var rating = p.Rating is { } r ? $"rated {r:0.0}/5, " : "";
        return $"**{p.Name}** by {p.Brand} - {Money.Format(p.Price, p.Currency)}\n\n{p.Description}\n\n{specs}\n\n{char.ToUpperInvariant(rating.FirstOrDefault(' '))}{(rating.Length > 1 ? rating[1..] : "")}{stock}.";
    }

    public static IReadOnlyList<string> Chips(IReadOnlyList<Recommendation> picks, string intent)
    {
        if (picks.Count == 0)
        {
            return [];
        }
        var chips = new List<string>();
        if (picks.Count >= 2 && intent != Intents.Comparison)
        {
            chips.Add("Compare the first two");
        }
        chips.Add("Show me something cheaper");
        chips.Add($"Tell me more about the {picks[0].Product.Name}");
        return chips;
    }

    public static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}",
        };
    }

    /// <summary>"Acme gaming laptops (not Dell)"; <paramref name="singular"/>: "Acme gaming laptop (not Dell)".</summary>
    private static string Describe(ProductCriteria c, bool singular = false)
    {
        var features = c.Features.Count > 0 ? List(c.Features.Select(Understanding.FeatureDisplay.Of)) + " " : "";
        var brands = c.Brands.Count > 0 ? List(c.Brands) + " " : "";
        var categories = c.Categories.Count > 0
            ? List(c.Categories.Select(x => singular ? Understanding.CatalogVocabulary.Singular(x.ToLowerInvariant()) : x.ToLowerInvariant()))
            : singular ? "product" : "products";
        var ruledOut = c.ExcludedBrands.Concat(c.ExcludedFeatures.Select(Understanding.FeatureDisplay.Of)).ToList();
        var excluded = ruledOut.Count > 0 ? $" (not {List(ruledOut)})" : "";
        return $"{brands}{features}{categories}{excluded}".Trim();
    }

    private static string BudgetPhrase(ProductCriteria c)
    {
        var currency = c.Currency;
        if (c.TargetPrice is { } target)
        {
            return $" around {Money.Format(target, currency)}";
        }
        return (c.MinPrice, c.MaxPrice) switch
        {
            ({ } min, { } max) => $" between {Money.Format(min, currency)} and {Money.Format(max, currency)}",
            (null, { } max) => $" under {Money.Format(max, currency)}",
            ({ } min, null) => $" over {Money.Format(min, currency)}",
            _ => "",
        };
    }

    private static string Range(decimal? min, decimal? max, string currency) => (min, max) switch
    {
        ({ } a, { } b) => $"{Money.Format(a, currency)}-{Money.Format(b, currency)}",
        (null, { } b) => $"up to {Money.Format(b, currency)}",
        ({ } a, null) => $"from {Money.Format(a, currency)}",
        _ => "",
    };
}
