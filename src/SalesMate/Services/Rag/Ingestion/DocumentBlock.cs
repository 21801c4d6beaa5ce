namespace SalesMate.Services.Rag.Ingestion;

public enum BlockKind
{
    Heading,
    Paragraph,
    ListItem,
    TableRow,
}

/// <summary>
/// One structural piece of a parsed document. Chunking keeps paragraphs, list items and table rows whole where it can,
/// and headings become the section of the chunks below them.
/// </summary>
/// <param name="Level">Heading level, 1 for the top; 0 for other kinds.</param>
/// <param name="Page">1-based page for paged formats (PDF); null otherwise.</param>
public sealed record DocumentBlock(BlockKind Kind, string Text, int Level = 0, int? Page = null)
{
    public static DocumentBlock Heading(string text, int level, int? page = null) => new(BlockKind.Heading, text, Math.Clamp(level, 1, 9), page);

    public static DocumentBlock Paragraph(string text, int? page = null) => new(BlockKind.Paragraph, text, 0, page);

    public static DocumentBlock ListItem(string text, int? page = null) => new(BlockKind.ListItem, text, 0, page);

    public static DocumentBlock TableRow(string text, int? page = null) => new(BlockKind.TableRow, text, 0, page);
}

/// <summary>What a parser found: the blocks in reading order, the page count (0 when the format has no pages) and a title if the file names one.</summary>
public sealed record ParsedDocument(IReadOnlyList<DocumentBlock> Blocks, int PageCount, string? Title);
