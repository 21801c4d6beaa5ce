using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// The keys of section <c>llm</c> that give two more pipeline steps a structured-output model call, with their rules as
/// the fallback (like <c>llm.structured_classification</c>). Both are off by default: each adds one model call per turn,
/// and both need a hosted provider (with <c>llm.provider: local</c> the rules run whatever these say).
/// </summary>
public sealed class StructuredStepsOptions
{
    /// <summary>
    /// Coaching (step 7): the model reads the turn and picks the stage, the engagement (0-10) and which of the nudges
    /// the tenant's coaching rules allow at this point to give, if any. Urgency stays data-driven.
    /// </summary>
    [ConfigurationKeyName("structured_coaching")]
    public bool StructuredCoaching { get; set; }

    /// <summary>
    /// Preprocessing (step 2): the model normalises the spellings of catalog entities in the message against the
    /// catalog's own vocabulary ("sarjapur rd" -> "Sarjapur Road"); entities the catalog does not have are dropped.
    /// </summary>
    [ConfigurationKeyName("structured_preprocessing")]
    public bool StructuredPreprocessing { get; set; }

    internal IEnumerable<string> Validate() => [];
}
