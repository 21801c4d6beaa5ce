using Microsoft.Extensions.Configuration;

namespace SalesMate.Services.Llm.Classification;

/// <summary>The classification key of section <c>llm</c>: llm.structured_classification.</summary>
public sealed class StructuredClassificationOptions
{
    /// <summary>
    /// Classify each chat turn (intent, budget, categories, brands, contact details) with a structured-output model
    /// call before answering, instead of the rules alone. Off by default: it adds one model call per turn.
    /// </summary>
    [ConfigurationKeyName("structured_classification")]
    public bool StructuredClassification { get; set; }

    internal IEnumerable<string> Validate() => [];
}
