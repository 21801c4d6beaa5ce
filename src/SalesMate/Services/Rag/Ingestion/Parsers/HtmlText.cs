using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>
/// The readable text of an HTML page as blocks: scripts, styles, navigation, headers, footers, asides, forms and hidden
/// elements are dropped; the <c>main</c> (or <c>article</c>, or <c>[role=main]</c>) element is used when there is one;
/// h1-h6 become headings, li list items, tr table rows, and other block elements paragraphs.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "object", "embed",
        "svg", "canvas", "button", "select", "textarea", "input", "label", "dialog", "menu", "head", "link", "meta",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "blockquote", "pre", "address", "figure", "figcaption", "dl", "dt", "dd",
        "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "br", "details", "summary", "body", "center",
    };

    private const int MaxDepth = 256;

    public static void Extract(IDocument document, BlockCollector output)
    {
        var root = document.QuerySelector("main") ?? document.QuerySelector("[role=main]") ?? document.QuerySelector("article")
                   ?? document.Body ?? document.DocumentElement;
        var walker = new Walker(output);
        walker.Visit(root, 0);
        walker.Flush();
    }

    private static bool IsDropped(IElement element) =>
        Dropped.Contains(element.LocalName)
        || element.HasAttribute("hidden")
        || string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase)
        || element.GetAttribute("role") is "navigation" or "banner" or "contentinfo" or "complementary" or "search"
        || (element.GetAttribute("style")?.Replace(" ", "", StringComparison.Ordinal).Contains("display:none", StringComparison.OrdinalIgnoreCase) ?? false);

    private sealed class Walker(BlockCollector output)
    {
        private readonly StringBuilder _inline = new();
        private int _listDepth; // text inside an li (also before or after a nested list) is a list item

        public void Visit(INode node, int depth)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text)
                {
                    _inline.Append(text.Data);
                    continue;
                }
                if (child is not IElement element || IsDropped(element))
                {
                    continue;
                }
                var name = element.LocalName;
                if (name.Length == 2 && name[0] == 'h' && name[1] is >= '1' and <= '6')
                {
                    Flush();
                    output.Heading(element.TextContent, name[1] - '0');
                }
                else if (name == "tr")
                {
                    Flush();
                    AddRow(element);
                }
                else if (name == "li")
                {
                    Flush();
                    _listDepth++;
                    VisitChildren(element, depth);
                    Flush();
                    _listDepth--;
                }
                else if (Blocks.Contains(name))
                {
                    Flush();
                    VisitChildren(element, depth);
                    Flush();
                }
                else
                {
                    VisitChildren(element, depth); // inline: a, span, strong, em, code, ...
                }
            }
        }

        private void VisitChildren(IElement element, int depth)
        {
            if (depth >= MaxDepth)
            {
                _inline.Append(' ').Append(element.TextContent); // pathological nesting: keep the words, drop the structure
                return;
            }
            Visit(element, depth + 1);
        }

        /// <summary>A row under a header row (th cells) reads "column: value"; other rows join their cells with " | ".</summary>
        private void AddRow(IElement row)
        {
            var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
            var table = row.Closest("table");
            var header = table?.QuerySelectorAll("tr").FirstOrDefault(r => r.Children.Any(c => c.LocalName == "th") && r.Children.All(c => c.LocalName != "td"));
            if (header is null || header == row)
            {
                output.TableRow(string.Join(" | ", cells.Select(c => Clean(c.TextContent)).Where(t => t.Length > 0)));
                return;
            }
            var names = header.Children.Where(c => c.LocalName is "td" or "th").Select(c => Clean(c.TextContent)).ToList();
            output.TableRow(string.Join('\n', cells.Select((c, i) => (Name: i < names.Count ? names[i] : $"Column {i + 1}", Value: Clean(c.TextContent)))
                .Where(c => c.Value.Length > 0).Select(c => $"{c.Name}: {c.Value}")));
        }

        private static string Clean(string text) => BlockCollector.Normalize(text, keepLines: false);

        public void Flush()
        {
            if (_inline.Length > 0)
            {
                if (_listDepth > 0)
                {
                    output.ListItem(_inline.ToString());
                }
                else
                {
                    output.Paragraph(_inline.ToString());
                }
                _inline.Clear();
            }
        }
    }
}
