using System.Text;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Rag.Answers;

/// <summary>
/// The keyless answer to a knowledge question: the best passages quoted word for word with their sources, or an honest
/// "I don't know" with a human contact. Passage text is only ever quoted, never acted on, so instructions hidden in a
/// document ("ignore previous instructions...") stay inside a quotation.
/// </summary>
public static class KnowledgeAnswerText
{
    /// <summary>Passages quoted at most; further ones must be as relevant as the best.</summary>
    private const int MaxQuoted = 2;

    public static (string Text, IReadOnlyList<Citation> Sources) Extractive(KnowledgeGrounding grounding)
    {
        var best = grounding.Relevance.Count > 0 ? grounding.Relevance.Max() : 1;
        var quoted = grounding.Passages
            .Select((passage, i) => (Passage: passage, Number: i + 1, Relevance: grounding.Relevance.ElementAtOrDefault(i)))
            .Where((p, i) => i == 0 || p.Relevance >= best)
            .Take(MaxQuoted)
            .ToList();
        var text = new StringBuilder();
        foreach (var (passage, number, _) in quoted)
        {
            text.Append(text.Length == 0 ? "Here is what our " : "\n\nAnd our ")
                .Append("**").Append(Clean(passage.Title)).Append("**");
            if (Where(passage) is { Length: > 0 } where)
            {
                text.Append(" (").Append(where).Append(')');
            }
            text.Append(" says:\n\n> ").Append(Clean(passage.Snippet)).Append(" [").Append(number).Append(']');
        }
        text.Append("\n\nIs there anything else you would like to know?");
        return (text.ToString(), quoted.Select(q => KnowledgeGrounding.SourceOf(q.Passage, q.Number)).ToList());
    }

    public static string DontKnow(string? salesContact) =>
        "I'm sorry, I couldn't find that in our documents, and I'd rather not guess what I don't know. " + (salesContact is { Length: > 0 } email
            ? $"Our sales team can answer it for you: email them at {email}."
            : "Leave your email address here and our team will get back to you.");

    /// <summary>"page 2, Laptops": where in the document the passage is (a section named like the document is no news).</summary>
    public static string Where(RetrievedPassage passage)
    {
        var parts = new List<string>();
        if (passage.Page is { } page)
        {
            parts.Add($"page {page}");
        }
        if (!string.IsNullOrWhiteSpace(passage.Section) && !string.Equals(Clean(passage.Section), Clean(passage.Title), StringComparison.OrdinalIgnoreCase))
        {
            parts.Add(Clean(passage.Section));
        }
        return string.Join(", ", parts);
    }

    /// <summary>One line, and no Markdown that could break out of the quotation or the bold title.</summary>
    private static string Clean(string text) =>
        string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("**", "", StringComparison.Ordinal);
}
