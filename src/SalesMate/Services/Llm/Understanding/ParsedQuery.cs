namespace SalesMate.Services.Llm.Understanding;

/// <summary>A budget the shopper stated. Amounts are in <see cref="Currency"/> (ISO 4217 code).</summary>
/// <param name="Min">Lowest acceptable price, or null for "no floor".</param>
/// <param name="Max">Highest acceptable price, or null for "no ceiling".</param>
/// <param name="Target">For "around X": the price the shopper aims at; ranking prefers products near it.</param>
public sealed record Budget(decimal? Min, decimal? Max, string Currency, decimal? Target = null);

public enum FollowUpKind
{
    None,
    /// <summary>"cheaper", "something less expensive", "too pricey".</summary>
    Cheaper,
    /// <summary>"something better", "higher end", "more powerful".</summary>
    Better,
    /// <summary>"compare the first two", "compare 1 and 3", "compare them".</summary>
    Compare,
    /// <summary>"tell me more about the Zenbook", "more details on the second one".</summary>
    MoreAbout,
    /// <summary>"what about Dell?", "any from Lenovo instead?": swap the brand, keep the rest.</summary>
    OtherBrand,
    /// <summary>
    /// A question about a product already shown: "does it have a touchscreen?", "what's the battery life of the first
    /// one?", "refresh rate?". <see cref="ParsedQuery.AskedAbout"/> is what is asked; ordinals or a name say which product.
    /// </summary>
    ProductQuestion,
}

public enum SmallTalkKind { None, Greeting, Thanks, Goodbye }

/// <summary>What the rules understood from one shopper message.</summary>
public sealed record ParsedQuery
{
    public Budget? Budget { get; init; }

    /// <summary>Canonical category names as they appear in the catalog (e.g. "Laptops").</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Canonical brand names as they appear in the catalog (e.g. "ASUS").</summary>
    public IReadOnlyList<string> Brands { get; init; } = [];

    /// <summary>Brands the message rules out ("laptop not Apple", "anything but Samsung"); never in <see cref="Brands"/>.</summary>
    public IReadOnlyList<string> ExcludedBrands { get; init; } = [];

    /// <summary>Normalised feature phrases (see TextNormalizer), e.g. "16gb ram", "rtx", "noise cancelling", "oled".</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Feature phrases the message rules out ("no gaming please", "not for gaming"); never in <see cref="Features"/>.</summary>
    public IReadOnlyList<string> ExcludedFeatures { get; init; } = [];

    /// <summary>
    /// The features that are values of a catalog attribute, by attribute ("Location": ["whitefield"], "Configuration":
    /// ["2bhk"]); they are in <see cref="Features"/> too. A value named here replaces the conversation's earlier value of
    /// the same attribute.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public FollowUpKind FollowUp { get; init; }

    /// <summary>1-based positions in the last list shown, for Compare and MoreAbout ("the first two" = [1, 2]).</summary>
    public IReadOnlyList<int> Ordinals { get; init; } = [];

    /// <summary>For MoreAbout: the normalised words naming the product ("zenbook", "galaxy s25").</summary>
    public string? ProductReference { get; init; }

    /// <summary>
    /// For MoreAbout and Compare: every product named, in mention order ("compare the zenbook and the legion" =
    /// ["zenbook", "legion"]); <see cref="ProductReference"/> is the first of them.
    /// </summary>
    public IReadOnlyList<string> ProductReferences { get; init; } = [];

    /// <summary>
    /// The message's numbers and model-line words outside the budget ("13", "15in", "512gb", "air", "pro"): among the
    /// products a reference names ("macbook"), the one whose name and specs have most of them is meant.
    /// </summary>
    public IReadOnlyList<string> ModelHints { get; init; } = [];

    /// <summary>For ProductQuestion: the normalised attribute asked about ("touchscreen", "battery life", "usb c").</summary>
    public string? AskedAbout { get; init; }

    /// <summary>
    /// For a vague message that asks for a kind of thing the rules do not know ("do you sell cars?", "drones"): its
    /// normalised words. Whether the catalog has it under another word is for the catalog's search to say.
    /// </summary>
    public string? UnknownThing { get; init; }

    public SmallTalkKind SmallTalk { get; init; }

    /// <summary>True when the shopper asked for things in stock ("available now", "in stock").</summary>
    public bool InStockOnly { get; init; }

    /// <summary>
    /// "cheapest laptop", "the most expensive one", "sort by price": list by price instead of best match. The conversation
    /// keeps it for later searches in the category (<see cref="Core.Entities.ConversationState.PriceOrder"/>).
    /// </summary>
    public Core.Entities.PriceOrder PriceOrder { get; init; }

    /// <summary>"sort by rating", "best match first": back to best match first, ending a remembered price order.</summary>
    public bool RelevanceOrder { get; init; }

    /// <summary>True when nothing product-related was understood (no budget, category, brand, feature or follow-up).</summary>
    public bool IsVague => Budget is null && Categories.Count == 0 && Brands.Count == 0 && ExcludedBrands.Count == 0 && Features.Count == 0
                           && ExcludedFeatures.Count == 0
                           && FollowUp == FollowUpKind.None && PriceOrder == Core.Entities.PriceOrder.Relevance && !RelevanceOrder;
}
