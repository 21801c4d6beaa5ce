using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Services.Rag.Ingestion.Parsers;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>The real parsers under the real caps, over files written to a temp folder.</summary>
internal sealed class ParserHarness : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "salesmate-tests", "parse-" + Guid.NewGuid().ToString("N"));

    public ParserHarness(Action<IngestionOptions>? configure = null)
    {
        Directory.CreateDirectory(_folder);
        var settings = new IngestionOptions();
        configure?.Invoke(settings);
        Options = Microsoft.Extensions.Options.Options.Create(settings);
        Parsing = new DocumentParsing(
            [new PdfParser(Options), new DocxParser(Options), new TextParser(), new MarkdownParser(), new HtmlParser(), new CsvParser()],
            Options, NullLogger<DocumentParsing>.Instance);
    }

    public IOptions<IngestionOptions> Options { get; }

    public DocumentParsing Parsing { get; }

    public Task<ParsedDocument> ParseAsync(string format, byte[] content)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.{format}");
        File.WriteAllBytes(path, content);
        return Parsing.ParseAsync(path, format, CancellationToken.None);
    }

    public Task<ParsedDocument> ParseAsync(string format, string content) => ParseAsync(format, System.Text.Encoding.UTF8.GetBytes(content));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
