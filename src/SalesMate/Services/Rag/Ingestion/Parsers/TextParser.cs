namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>Plain text: paragraphs between blank lines, bulleted or numbered lines as list items, title-like lines as headings.</summary>
public sealed class TextParser : IDocumentParser
{
    public string Format => DocumentFormats.Text;

    public async Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken)
    {
        new PlainTextStructure(output).Add(await TextFiles.ReadAsync(path, cancellationToken));
        return output.Finish(0, null);
    }
}
