using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>
/// The keys of section <c>llm</c> that give more pipeline steps a structured-output model call, with their rules as
/// the fallback (like <c>llm.structured_classification</c>). All are off by default: each adds one model call per turn,
/// and all need a hosted provider (with <c>llm.provider: local</c> the rules run whatever these say).
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

    /// <summary>
    /// Enrichment (step 3): the model decides which of the remembered filters the rules offer (budget, categories,
    /// location) apply to this message; it can only drop some of them, never add a value.
    /// </summary>
    [ConfigurationKeyName("structured_enrichment")]
    public bool StructuredEnrichment { get; set; }

    /// <summary>
    /// Escalation (step 8): the model decides whether to offer a human now (explicit request, frustration, repeated
    /// failure); it can add an offer but never remove one the rules make (explicit request, frustration threshold).
    /// </summary>
    [ConfigurationKeyName("structured_escalation")]
    public bool StructuredEscalation { get; set; }

    internal IEnumerable<string> Validate() => [];
}
