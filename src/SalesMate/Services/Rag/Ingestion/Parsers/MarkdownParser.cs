using System.Runtime.CompilerServices;
using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>Markdown through Markdig: headings, paragraphs, list items (nested lists each item on its own), pipe tables as rows, code as paragraphs.</summary>
public sealed class MarkdownParser : IDocumentParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().Build();

    public string Format => DocumentFormats.Markdown;

    public async Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken)
    {
        var document = Markdown.Parse(await TextFiles.ReadAsync(path, cancellationToken), Pipeline);
        string? title = null;
        AddBlocks(document, output, ref title);
        return output.Finish(0, title);
    }

    private static void AddBlocks(ContainerBlock container, BlockCollector output, ref string? title)
    {
        foreach (var block in container)
        {
            AddBlock(block, output, ref title);
        }
    }

    private static void AddBlock(Block block, BlockCollector output, ref string? title)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack(); // deeply nested quotes or lists fail cleanly, not with a stack overflow
        switch (block)
        {
            case HeadingBlock heading:
                var text = InlineText(heading.Inline);
                title ??= heading.Level == 1 ? text : null;
                output.Heading(text, heading.Level);
                break;
            case ParagraphBlock paragraph:
                output.Paragraph(InlineText(paragraph.Inline));
                break;
            case ListBlock list:
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    output.ListItem(string.Join(' ', item.OfType<LeafBlock>().Select(LeafText)));
                    foreach (var nested in item.OfType<ContainerBlock>())
                    {
                        AddBlock(nested, output, ref title);
                    }
                }
                break;
            case Table table:
                AddTable(table, output);
                break;
            case CodeBlock code:
                output.Paragraph(string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())));
                break;
            case HtmlBlock or LinkReferenceDefinitionGroup or ThematicBreakBlock:
                break; // raw HTML, link definitions and rules carry no prose
            case ContainerBlock inner:
                AddBlocks(inner, output, ref title);
                break;
            case LeafBlock leaf:
                output.Paragraph(LeafText(leaf));
                break;
        }
    }

    private static void AddTable(Table table, BlockCollector output)
    {
        var rows = table.OfType<TableRow>().Select(r => r.OfType<TableCell>().Select(c => string.Join(' ', c.OfType<LeafBlock>().Select(LeafText)).Trim()).ToList()).ToList();
        var header = table.OfType<TableRow>().FirstOrDefault()?.IsHeader == true ? rows[0] : null;
        foreach (var row in header is null ? rows : rows.Skip(1))
        {
            output.TableRow(header is null
                ? string.Join(" | ", row.Where(c => c.Length > 0))
                : string.Join('\n', row.Select((value, i) => (Name: i < header.Count ? header[i] : $"Column {i + 1}", Value: value))
                    .Where(c => c.Value.Length > 0).Select(c => $"{c.Name}: {c.Value}")));
        }
    }

    private static string LeafText(LeafBlock leaf) => leaf.Inline is { } inline
        ? InlineText(inline)
        : string.Join(' ', leaf.Lines.Lines.Take(leaf.Lines.Count).Select(l => l.ToString()));

    private static string InlineText(ContainerInline? container)
    {
        var text = new StringBuilder();
        Append(container, text);
        return text.ToString();
    }

    private static void Append(ContainerInline? container, StringBuilder text)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        for (var inline = container?.FirstChild; inline is not null; inline = inline.NextSibling)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case AutolinkInline link:
                    text.Append(link.Url);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.ToString());
                    break;
                case ContainerInline inner:
                    Append(inner, text);
                    break;
            }
        }
    }
}
