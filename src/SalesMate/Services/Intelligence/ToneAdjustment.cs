namespace SalesMate.Services.Intelligence;

/// <summary>
/// Seed 001's get_tone_adjustment: how the answer should sound. The local responder opens with <see cref="Opening"/>;
/// a hosted model gets <see cref="Instruction"/> in its prompt.
/// </summary>
public sealed record ToneAdjustment(string Kind, string? Opening, string? Instruction)
{
    public const string NoneKind = "none";
    public const string EmpathyKind = "empathy";
    public const string EnthusiasmKind = "enthusiasm";

    public static readonly ToneAdjustment None = new(NoneKind, null, null);

    public static ToneAdjustment Empathy(int frustration) => new(EmpathyKind,
        frustration >= 4 ? "I'm sorry this has been frustrating. Let me try to get it right. " : "Sorry about that. ",
        $"The shopper is unhappy (frustration {frustration}/10). Start with one short, sincere sentence acknowledging it, " +
        "then answer concretely and briefly. Do not push a sale or add upbeat filler.");

    public static readonly ToneAdjustment Enthusiasm = new(EnthusiasmKind, "Glad you like it! ",
        "The shopper is excited. Match their enthusiasm in one short phrase, then answer as usual.");
}
