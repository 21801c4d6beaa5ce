namespace SalesMate.Services.Rag.Ingestion;

/// <summary>Turns one stored file of a known format into structured blocks. One small class per format.</summary>
public interface IDocumentParser
{
    /// <summary>The format it reads: pdf, docx, txt, md, html or csv (<see cref="DocumentFormats"/>).</summary>
    string Format { get; }

    /// <summary>
    /// Parses the file. Throws <see cref="DocumentParseException"/> with words an admin can act on when the file cannot
    /// be read or breaks a limit; adds blocks through <paramref name="output"/>, which enforces the output cap.
    /// </summary>
    Task<ParsedDocument> ParseAsync(string path, BlockCollector output, CancellationToken cancellationToken);
}

/// <summary>A file that cannot be ingested, with the reason in words an admin can act on (stored as the document's error).</summary>
public sealed class DocumentParseException(string message, Exception? inner = null) : Exception(message, inner);
