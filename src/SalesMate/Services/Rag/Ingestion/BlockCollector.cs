using System.Text;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Collects a parser's blocks, normalising whitespace and dropping empty ones, and stops the parse with a clear error
/// once the text passes the output cap (rag.max_extracted_chars), so a small hostile file cannot expand without end.
/// </summary>
public sealed class BlockCollector(int maxChars, CancellationToken cancellationToken = default)
{
    private readonly List<DocumentBlock> _blocks = [];
    private long _chars;

    public IReadOnlyList<DocumentBlock> Blocks => _blocks;

    public int MaxChars => maxChars;

    public void Heading(string text, int level, int? page = null) => Add(BlockKind.Heading, text, level, page);

    public void Paragraph(string text, int? page = null) => Add(BlockKind.Paragraph, text, 0, page);

    public void ListItem(string text, int? page = null) => Add(BlockKind.ListItem, text, 0, page);

    /// <summary>A table row; multi-line text ("column: value" lines) keeps its line breaks.</summary>
    public void TableRow(string text, int? page = null) => Add(BlockKind.TableRow, text, 0, page, keepLines: true);

    public ParsedDocument Finish(int pageCount, string? title) =>
        new(_blocks, pageCount, string.IsNullOrWhiteSpace(title) ? null : Normalize(title, keepLines: false));

    private void Add(BlockKind kind, string text, int level, int? page, bool keepLines = false)
    {
        // A parser that ignores cancellation still stops here once its time is up.
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = Normalize(text, keepLines);
        if (normalized.Length == 0)
        {
            return;
        }
        _chars += normalized.Length;
        if (_chars > maxChars)
        {
            throw new DocumentParseException(
                $"The document produces more than {maxChars:N0} characters of text (rag.max_extracted_chars); split it into smaller files.");
        }
        _blocks.Add(new DocumentBlock(kind, normalized, kind == BlockKind.Heading ? Math.Clamp(level, 1, 9) : 0, page));
    }

    /// <summary>Collapses runs of whitespace to one space (or, with keepLines, keeps single line breaks) and trims.</summary>
    public static string Normalize(string text, bool keepLines)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingBreak = false;
        foreach (var c in text)
        {
            if (c is '\n' && keepLines)
            {
                pendingBreak = builder.Length > 0;
                pendingSpace = false;
            }
            else if (char.IsWhiteSpace(c) || c == '\u00A0' || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0 && !pendingBreak;
            }
            else
            {
                if (pendingBreak)
                {
                    builder.Append('\n');
                }
                else if (pendingSpace)
                {
                    builder.Append(' ');
                }
                pendingBreak = pendingSpace = false;
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
