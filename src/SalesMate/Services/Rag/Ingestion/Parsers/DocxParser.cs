using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>
/// Word documents through the Open XML SDK, after <see cref="DocxArchiveGuard"/> has checked the archive. Headings come
/// from paragraph styles (Title, Heading 1-9, or an outline level), list items from numbering or list styles, and each
/// table row becomes one block ("column: value" lines under a header row).
/// </summary>
public sealed class DocxParser(IOptions<IngestionOptions> options) : IDocumentParser
{
    public string Format => DocumentFormats.Docx;

    public Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var stream = File.OpenRead(path);
        DocxArchiveGuard.Check(stream, settings.DocxMaxUncompressedBytes, settings.DocxMaxEntries);
        using var document = Open(stream, output.MaxChars);
        var main = document.MainDocumentPart ?? throw new DocumentParseException("The file is not a Word document (it has no main document part).");
        var styles = StyleNames(main);
        foreach (var element in BodyElements(main.Document?.Body))
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (element)
            {
                case Paragraph paragraph:
                    AddParagraph(paragraph, styles, output);
                    break;
                case Table table:
                    AddTable(table, output);
                    break;
            }
        }
        return Task.FromResult(output.Finish(0, document.PackageProperties.Title));
    }

    private static WordprocessingDocument Open(Stream stream, int maxChars)
    {
        try
        {
            return WordprocessingDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = Math.Max(maxChars, 1_000_000) * 4L });
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or System.Xml.XmlException)
        {
            throw new DocumentParseException($"The DOCX file could not be opened as a Word document: {ex.Message}");
        }
    }

    /// <summary>Paragraphs and tables in reading order, looking inside content controls (sdt).</summary>
    private static IEnumerable<OpenXmlElement> BodyElements(OpenXmlElement? container)
    {
        if (container is null)
        {
            yield break;
        }
        foreach (var child in container.ChildElements)
        {
            if (child is SdtBlock sdt)
            {
                foreach (var inner in BodyElements(sdt.SdtContentBlock))
                {
                    yield return inner;
                }
            }
            else if (child is Paragraph or Table)
            {
                yield return child;
            }
        }
    }

    private static Dictionary<string, string> StyleNames(MainDocumentPart main) =>
        main.StyleDefinitionsPart?.Styles?.Elements<Style>()
            .Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!)
            .ToDictionary(g => g.Key, g => g.First().StyleName?.Val?.Value ?? g.Key, StringComparer.OrdinalIgnoreCase)
        ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private static void AddParagraph(Paragraph paragraph, Dictionary<string, string> styles, BlockCollector output)
    {
        var text = ParagraphText(paragraph);
        var properties = paragraph.ParagraphProperties;
        var styleId = properties?.ParagraphStyleId?.Val?.Value;
        var styleName = styleId is null ? "" : styles.GetValueOrDefault(styleId, styleId);
        if (HeadingLevel(styleName, properties) is { } level)
        {
            output.Heading(text, level);
        }
        else if (properties?.NumberingProperties is not null || styleName.Contains("List", StringComparison.OrdinalIgnoreCase))
        {
            output.ListItem(text);
        }
        else
        {
            output.Paragraph(text);
        }
    }

    private static int? HeadingLevel(string styleName, ParagraphProperties? properties)
    {
        var name = styleName.Replace(" ", "", StringComparison.Ordinal);
        if (name.Equals("Title", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }
        if (name.StartsWith("heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(name.AsSpan(7), out var level) && level is >= 1 and <= 9)
        {
            return level;
        }
        return properties?.OutlineLevel?.Val?.Value is { } outline && outline < 9 ? outline + 1 : null;
    }

    /// <summary>Header row (the first of two or more) names the columns; each later row is "column: value" lines.</summary>
    private static void AddTable(Table table, BlockCollector output)
    {
        var rows = table.Elements<TableRow>().Select(r => r.Elements<TableCell>().Select(CellText).ToList()).Where(r => r.Any(c => c.Length > 0)).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        if (rows.Count == 1)
        {
            output.TableRow(string.Join(" | ", rows[0].Where(c => c.Length > 0)));
            return;
        }
        var header = rows[0];
        foreach (var row in rows.Skip(1))
        {
            var lines = row.Select((value, i) => (Name: i < header.Count && header[i].Length > 0 ? header[i] : $"Column {i + 1}", Value: value))
                .Where(c => c.Value.Length > 0)
                .Select(c => $"{c.Name}: {c.Value}");
            output.TableRow(string.Join('\n', lines));
        }
    }

    private static string CellText(TableCell cell) =>
        string.Join(' ', cell.Elements<Paragraph>().Select(ParagraphText).Where(t => t.Length > 0)).Trim();

    private static string ParagraphText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                case Break:
                case CarriageReturn:
                    text.Append(' ');
                    break;
            }
        }
        return BlockCollector.Normalize(text.ToString(), keepLines: false);
    }
}
