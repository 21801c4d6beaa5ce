using CsvHelper;

namespace SalesMate.Services.Rag.Ingestion.Parsers;

/// <summary>CSV with a header row (separator detected): each data row becomes one block of "column: value" lines, empty values left out.</summary>
public sealed class CsvParser : IDocumentParser
{
    private const int MaxRecordBytes = 1024 * 1024;

    public string Format => DocumentFormats.Csv;

    public async Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken)
    {
        using var reader = new StringReader(await TextFiles.ReadAsync(path, cancellationToken));
        try
        {
            using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, TrimWhitespace = true, MaxRecordSize = MaxRecordBytes }, false);
            if (csv.Headers.Count == 0)
            {
                throw new DocumentParseException("The CSV file has no header row; the first row must name the columns.");
            }
            var names = csv.Headers.Select((name, i) => string.IsNullOrWhiteSpace(name) ? $"Column {i + 1}" : name.Trim()).ToArray();
            while (csv.Read())
            {
                var lines = new List<string>(names.Length);
                for (var i = 0; i < csv.FieldCount; i++)
                {
                    if (csv.GetString(i)?.Trim() is { Length: > 0 } value)
                    {
                        lines.Add($"{(i < names.Length ? names[i] : $"Column {i + 1}")}: {value}");
                    }
                }
                output.TableRow(string.Join('\n', lines));
            }
        }
        catch (CsvFormatException ex)
        {
            throw new DocumentParseException($"The CSV file could not be read: {ex.Message.Split('\n')[0]}");
        }
        return output.Finish(0, null);
    }
}
