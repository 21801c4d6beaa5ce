using System.Text.RegularExpressions;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Finds structure in plain text (TXT files and the pages pdftotext writes): paragraphs are separated by blank lines,
/// lines starting with a bullet or number are list items, and a short stand-alone line that looks like a title is a
/// heading. The heading rule is a heuristic (see docs/decisions/0008k-ingestion-parsing-and-safety.md).
/// </summary>
public sealed partial class PlainTextStructure(BlockCollector output)
{
    private bool _sawHeading;

    public void Add(string text, int? page = null)
    {
        foreach (var paragraph in BlankLines().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')))
        {
            var lines = paragraph.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length > 0)
            {
                AddParagraph(lines, page);
            }
        }
    }

    private void AddParagraph(string[] lines, int? page)
    {
        if (lines.Length == 1 && MarkdownHeading().Match(lines[0]) is { Success: true } hashes)
        {
            Heading(hashes.Groups[2].Value, hashes.Groups[1].Length, page);
        }
        else if (LooksLikeHeading(lines[0]) && (lines.Length == 1 || IsShortTitleLine(lines)))
        {
            var numbered = NumberedHeading().Match(lines[0]);
            var level = numbered.Success ? numbered.Groups[1].Value.TrimEnd('.').Split('.').Length + 1 : _sawHeading ? 2 : 1;
            Heading(lines[0].TrimEnd(':'), level, page);
            if (lines.Length > 1)
            {
                AddParagraph(lines[1..], page);
            }
        }
        else if (ListMarker().IsMatch(lines[0]))
        {
            AddList(lines, page);
        }
        else
        {
            output.Paragraph(JoinLines(lines), page);
        }
    }

    /// <summary>
    /// pdftotext often puts a heading right above its paragraph with no blank line; a title-like first line much
    /// shorter than the lines below it is taken as a heading.
    /// </summary>
    private static bool IsShortTitleLine(string[] lines) =>
        !ListMarker().IsMatch(lines[0]) && lines[0].Length * 10 < lines.Skip(1).Max(l => l.Length) * 6;

    private void Heading(string text, int level, int? page)
    {
        _sawHeading = true;
        output.Heading(text, level, page);
    }

    /// <summary>Each marked line starts an item; unmarked lines continue the item above (hard-wrapped text).</summary>
    private void AddList(string[] lines, int? page)
    {
        var item = new List<string>();
        foreach (var line in lines)
        {
            if (ListMarker().Match(line) is { Success: true } marker)
            {
                Flush();
                item.Add(line[marker.Length..]);
            }
            else
            {
                item.Add(line);
            }
        }
        Flush();

        void Flush()
        {
            if (item.Count > 0)
            {
                output.ListItem(JoinLines(item), page);
                item.Clear();
            }
        }
    }

    /// <summary>Joins hard-wrapped lines, mending words hyphenated at a line end.</summary>
    private static string JoinLines(IReadOnlyList<string> lines)
    {
        var text = lines[0];
        for (var i = 1; i < lines.Count; i++)
        {
            text = text.EndsWith('-') && text.Length > 1 && char.IsLetter(text[^2]) && lines[i].Length > 0 && char.IsLower(lines[i][0])
                ? text[..^1] + lines[i]
                : text + " " + lines[i];
        }
        return text;
    }

    /// <summary>Short, no sentence punctuation at the end, starts with a capital or a section number, mostly capitalised words.</summary>
    public static bool LooksLikeHeading(string line)
    {
        if (line.Length is < 2 or > 80 || line[^1] is '.' or ',' or ';' or '!' or '?' || !char.IsLetterOrDigit(line[0]) || ListMarker().IsMatch(line))
        {
            return NumberedHeading().IsMatch(line) && line.Length <= 80 && line[^1] is not ('.' or ',' or ';');
        }
        var words = line.TrimEnd(':').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 10 || !words.Any(w => w.Any(char.IsLetter)))
        {
            return false;
        }
        if (NumberedHeading().IsMatch(line))
        {
            return true;
        }
        var letters = line.Where(char.IsLetter).ToList();
        if (letters.All(char.IsUpper) && letters.Count >= 2)
        {
            return true;
        }
        var significant = words.Where(w => w.Length >= 4).ToList();
        return char.IsUpper(line[0]) && (significant.Count == 0 || significant.Count(w => char.IsUpper(w[0])) * 10 >= significant.Count * 6);
    }

    [GeneratedRegex(@"\n[ \t]*\n+")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^(?:[-*•◦▪‣–]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^(#{1,6})\s+(.+?)\s*#*$")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^(\d{1,2}(?:\.\d{1,2})*\.?)\s+\p{Lu}")]
    private static partial Regex NumberedHeading();
}
