using System.Text;
using System.Text.RegularExpressions;

namespace SalesMate.Services.Rag.Evaluation;

public sealed record MarkdownSection(string Heading, string Text);

/// <summary>
/// A small Markdown splitter for the evaluation documents: the first "# " heading is the title and every "## " section
/// is one passage. (Uploaded documents go through the ingestion pipeline's structure-aware chunker instead.)
/// </summary>
public static partial class MarkdownSections
{
    public static (string Title, IReadOnlyList<MarkdownSection> Sections) Split(string markdown, string fallbackTitle)
    {
        string? title = null;
        var sections = new List<MarkdownSection>();
        string? heading = null;
        var body = new StringBuilder();
        void Flush()
        {
            if (heading is not null && body.ToString().Trim() is { Length: > 0 } text)
            {
                sections.Add(new MarkdownSection(heading, text));
            }
            body.Clear();
        }
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("# ", StringComparison.Ordinal) && title is null)
            {
                title = line[2..].Trim();
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                heading = line[3..].Trim();
            }
            else
            {
                body.AppendLine(line);
            }
        }
        Flush();
        return (title ?? fallbackTitle, sections);
    }

    /// <summary>"How to make a warranty claim" -> "how-to-make-a-warranty-claim": the passage ids the qrels use after '#'.</summary>
    public static string Slug(string heading) => NonWord().Replace(heading.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
