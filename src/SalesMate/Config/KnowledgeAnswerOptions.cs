using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>rag</c>, the answer settings: when passages are good enough to answer from, and the answer cache.</summary>
public sealed class KnowledgeAnswerOptions
{
    public const string Section = "rag";

    [ConfigurationKeyName("answers")]
    public AnswerSettings Answers { get; set; } = new();

    [ConfigurationKeyName("answer_cache")]
    public AnswerCacheSettings AnswerCache { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (Answers.MinRelevance is < 0 or > 1)
        {
            yield return $"rag.answers.min_relevance must be between 0 and 1; got {Answers.MinRelevance}.";
        }
        if (Answers.MaxSources is < 1 or > 10)
        {
            yield return $"rag.answers.max_sources must be between 1 and 10; got {Answers.MaxSources}.";
        }
        if (AnswerCache.Similarity is < 0.5 or > 1)
        {
            yield return $"rag.answer_cache.similarity must be between 0.5 and 1; got {AnswerCache.Similarity}.";
        }
        if (AnswerCache.TtlMinutes is < 1 or > 525_600)
        {
            yield return $"rag.answer_cache.ttl_minutes must be between 1 and 525600 (a year); got {AnswerCache.TtlMinutes}.";
        }
    }
}

public sealed class AnswerSettings
{
    /// <summary>
    /// Share of the question's words (0-1) a passage must contain to be answered from; below it for every passage, the
    /// assistant says it does not know. Lexical on purpose: it means the same with local and hosted embeddings.
    /// </summary>
    [ConfigurationKeyName("min_relevance")]
    public double MinRelevance { get; set; } = 0.6;

    /// <summary>Most passages given to an answer (and so most sources it can cite).</summary>
    [ConfigurationKeyName("max_sources")]
    public int MaxSources { get; set; } = 3;
}

public sealed class AnswerCacheSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Cosine similarity of the question embeddings from which a cached answer is reused.</summary>
    public double Similarity { get; set; } = 0.95;

    [ConfigurationKeyName("ttl_minutes")]
    public int TtlMinutes { get; set; } = 1440;
}
