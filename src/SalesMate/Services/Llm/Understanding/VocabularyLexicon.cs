namespace SalesMate.Services.Llm.Understanding;

/// <summary>
/// Built-in word lists behind <see cref="CatalogVocabulary"/>, all in <see cref="TextNormalizer"/> form.
/// A category group only ever maps to a category the catalog really has.
/// </summary>
internal static class VocabularyLexicon
{
    /// <summary>
    /// Words for one kind of category. <c>Weak</c> words name the category only when the message names no other
    /// category with a strong word: "screen" in "phone with a big screen", "gaming" in "gaming laptop".
    /// </summary>
    internal sealed record CategoryGroup(string Canonical, string[] Strong, string[] Weak);

    public static readonly CategoryGroup[] CategoryGroups =
    [
        new("laptops", ["laptop", "laptops", "notebook", "notebooks", "ultrabook", "ultrabooks", "chromebook", "chromebooks"], []),
        new("phones", ["phone", "phones", "smartphone", "smartphones", "mobile phone", "mobile phones", "cell phone",
            "cell phones", "cellphone", "cellphones", "mobiles"], ["mobile"]),
        new("tablets", ["tablet", "tablets", "ipad", "ipads"], []),
        new("monitors", ["monitor", "monitors"], ["display", "displays", "screen", "screens"]),
        new("headphones", ["headphone", "headphones", "earbuds", "earbud", "earphones", "earphone", "headset", "headsets",
            "airpods", "iems"], ["buds"]),
        new("gaming", ["console", "consoles", "game console", "gaming console", "gaming consoles", "playstation", "ps5",
            "xbox", "nintendo", "nintendo switch"], ["gaming", "controller", "controllers", "gamepad"]),
        new("smart home", ["smart home", "smart speaker", "smart speakers", "smart display", "doorbell", "doorbells",
            "video doorbell", "thermostat", "thermostats", "smart bulb", "smart bulbs", "smart plug", "smart plugs",
            "smart lock", "security camera"], []),
        new("accessories", ["accessory", "accessories", "power bank", "power banks", "docking station", "usb hub", "mouse",
            "mice", "external ssd"], ["charger", "chargers", "cable", "cables", "keyboard", "keyboards", "dock", "ssd", "hub"]),
        new("cameras", ["mirrorless", "mirrorless camera", "action cam", "action camera", "action cameras", "dslr"],
            ["camera", "cameras"]),
        new("wearables", ["wearable", "wearables", "smartwatch", "smartwatches", "fitness tracker", "fitness trackers",
            "fitness band", "smart ring", "smart rings"], ["watch", "watches", "ring", "rings"]),
        new("apartments", ["apartment", "apartments", "flat", "flats", "villa", "villas", "bhk", "condo", "condos",
            "penthouse"], []),
    ];

    /// <summary>Feature phrases recognised in any catalog (matched longest-first).</summary>
    public static readonly string[] Features =
    [
        "gaming", "oled", "amoled", "mini led", "qled", "ips", "noise cancelling", "active noise cancelling",
        "thunderbolt", "touchscreen", "usb c", "wifi", "wifi 6", "wifi 6e", "wifi 7", "bluetooth", "5g", "4k", "8k",
        "1080p", "1440p", "hdr", "g sync", "freesync", "curved", "ultrawide", "rtx", "gtx", "wireless",
        "wireless charging", "fast charging", "waterproof", "water resistant", "backlit keyboard", "fingerprint",
        "face unlock", "stylus", "mechanical", "rgb", "dolby atmos", "spatial audio", "over ear", "in ear", "on ear",
        "true wireless", "transparency mode", "lightweight", "2 in 1", "convertible", "gps", "lte", "esim",
        "furnished", "semi furnished", "unfurnished", "gated community", "parking", "swimming pool", "balcony",
        "ready to move", "sea view", "lake view", "pet friendly",
    ];

    /// <summary>Spec values that mean "the product has the feature named by the spec key".</summary>
    public static readonly HashSet<string> AffirmativeValues = new(StringComparer.Ordinal)
    {
        "yes", "y", "true", "supported", "included", "available",
    };

    /// <summary>Words never reported as features or product-name words on their own.</summary>
    public static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "any", "are", "as", "at", "be", "best", "but", "by", "can", "do", "for", "from", "good", "great",
        "have", "i", "in", "is", "it", "me", "my", "new", "no", "none", "not", "of", "on", "one", "ones", "or", "other",
        "please", "show", "some", "that", "the", "them", "this", "to", "want", "what", "with", "yes", "you", "your",
        "need", "looking", "like", "get", "buy", "find", "about", "more", "less", "under", "over", "below", "above",
        "true", "false", "n", "na", "unknown", "standard",
    };

    /// <summary>Model-line suffixes that do not single out a product ("pro", "max", ...).</summary>
    public static readonly HashSet<string> GenericNameWords = new(StringComparer.Ordinal)
    {
        "pro", "max", "plus", "ultra", "mini", "air", "lite", "se", "edition", "gen", "generation", "series", "inch",
        "wireless", "smart", "home", "model", "version", "bundle", "kit", "set", "pack", "sale", "deal",
    };

    /// <summary>Words shoppers use for a spec, by the normalised spec-key word they mean ("heavy" -> "weight").</summary>
    public static readonly Dictionary<string, string> AttributeAliases = new(StringComparer.Ordinal)
    {
        ["heavy"] = "weight", ["weigh"] = "weight", ["weighs"] = "weight", ["light"] = "weight", ["screen"] = "display",
        ["processor"] = "cpu", ["memory"] = "ram", ["refresh"] = "refresh", ["hz"] = "refresh", ["waterproof"] = "water",
        ["ports"] = "ports", ["port"] = "ports", ["charge"] = "battery", ["charging"] = "battery",
    };
}
