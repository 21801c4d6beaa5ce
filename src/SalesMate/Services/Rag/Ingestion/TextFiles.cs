using System.Text;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>Reads an uploaded text file: UTF-8 (or the encoding its byte-order mark names), else Windows-1252/Latin-1.</summary>
public static class TextFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            return await File.ReadAllTextAsync(path, Encoding.Latin1, cancellationToken);
        }
    }
}
