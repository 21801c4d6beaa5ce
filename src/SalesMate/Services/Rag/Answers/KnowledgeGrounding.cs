using SalesMate.Core.Entities;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// What a knowledge question is answered from: the passages that passed the relevance bar, best first and numbered from
/// 1 (the [n] the answer cites), and whom to offer when there are none (the tenant's sales contact, if it has one).
/// </summary>
public sealed record KnowledgeGrounding(IReadOnlyList<RetrievedPassage> Passages, string? SalesContact)
{
    public bool HasPassages => Passages.Count > 0;

    /// <summary>Each passage's <see cref="PassageRelevance"/> (same order as <see cref="Passages"/>).</summary>
    public IReadOnlyList<double> Relevance { get; init; } = [];

    /// <summary>The shopper named another seller's price: the passages are the price-match policy, if the store has one.</summary>
    public bool CompetitorPrice { get; init; }

    /// <summary>Every passage as the source it would be when cited, numbered as in the prompt.</summary>
    public IReadOnlyList<Citation> Sources => Passages.Select((p, i) => SourceOf(p, i + 1)).ToList();

    public static Citation SourceOf(RetrievedPassage passage, int number) =>
        new(passage.ChunkId.ToString(), passage.Title, passage.Section, passage.Snippet, passage.Url)
        {
            DocumentId = passage.DocumentId,
            Page = passage.Page,
            Number = number,
        };
}
