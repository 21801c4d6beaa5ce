using AngleSharp.Html.Parser;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>HTML files: the main text only (see <see cref="HtmlText"/>); the page title becomes the document's title.</summary>
public sealed class HtmlParser : IDocumentParser
{
    public string Format => DocumentFormats.Html;

    public async Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken)
    {
        var html = await TextFiles.ReadAsync(path, cancellationToken);
        var document = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(html, cancellationToken);
        HtmlText.Extract(document, output);
        return output.Finish(0, document.Title);
    }
}
