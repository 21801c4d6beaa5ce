namespace SalesMate.Services.Training;

/// <summary>A role-play customer (seed 004): what they object to, what they say, and what counts as handling it.</summary>
public sealed record ObjectionProfile(
    string Code,
    string Description,
    string Opener,
    IReadOnlyList<Objection> Objections,
    string Closing);

/// <summary>
/// One objection: the words that show a trainee dealt with it (any one of them, in one of their own messages), and what
/// the customer says while it is not dealt with.
/// </summary>
public sealed record Objection(string Name, IReadOnlyList<string> HandledBy, IReadOnlyList<string> Pushback);

public static class ObjectionProfiles
{
    public const string PriceSensitive = "price_sensitive";
    public const string Skeptical = "skeptical";
    public const string InAHurry = "in_a_hurry";

    public static readonly IReadOnlyList<ObjectionProfile> All =
    [
        new(PriceSensitive, "a customer who thinks every add-on costs too much",
            "Honestly, this is already more than I wanted to spend. Why would I pay extra for that?",
            [new("price", ["per month", "a month", "monthly", "payment", "cost", "value", "save", "saving", "less than"],
                 ["That still sounds expensive. What am I actually getting for the money?",
                  "Can you do better on the price, or is that really the lowest monthly payment?"]),
             new("comparison", ["compare", "cheaper elsewhere", "covered", "coverage", "includes", "benefit", "protect"],
                 ["I could probably get the same thing cheaper somewhere else.",
                  "What does this cover that my own insurance does not?"])],
            "Okay, if it really protects me for that little a month, I will think about it."),
        new(Skeptical, "a customer who suspects the product is a scam",
            "I have heard these protection plans never actually pay out. Why should I trust this one?",
            [new("trust", ["backed", "underwritten", "insurer", "insurance company", "claims", "paid out", "reviews", "guarantee"],
                 ["How do I know the claim will not just get denied?",
                  "Who actually backs this? The dealership or some company I have never heard of?"]),
             new("proof", ["contract", "in writing", "terms", "example", "for instance", "customers", "cancel", "refund"],
                 ["Sounds like a sales pitch to me.",
                  "Can you show me any of that in writing?"])],
            "Fine, if it is in writing and I can cancel, I am less worried."),
        new(InAHurry, "a customer who wants to sign and leave",
            "Look, I have somewhere to be in ten minutes. Can we skip the extras and just sign?",
            [new("time", ["quick", "one minute", "briefly", "short version", "two minutes", "fast", "in short"],
                 ["I really do not have time for a long explanation.",
                  "Give me the short version, quickly.",
                  "Is this going to take much longer?"]),
             new("relevance", ["protect", "covered", "coverage", "if something happens", "repair", "gap", "benefit"],
                 ["Why would I even need this?",
                  "The car is brand new. What could possibly go wrong?"])],
            "Alright, that was quick enough. Let us wrap it up."),
    ];

    public static ObjectionProfile? Find(string? code) =>
        All.FirstOrDefault(p => string.Equals(p.Code, code?.Trim().Replace('-', '_').Replace(' ', '_'), StringComparison.OrdinalIgnoreCase));

    public static string Codes => string.Join(", ", All.Select(p => p.Code));
}
