using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Runs the parser of a format under the ingestion caps: a time limit (rag.parse_timeout_seconds), an output cap
/// (rag.max_extracted_chars) and the parser's own limits. Every failure becomes a <see cref="DocumentParseException"/>
/// with a readable reason, so a hostile file ends as a failed document and never takes the service down.
/// </summary>
public sealed class DocumentParsing(IEnumerable<IDocumentParser> parsers, IOptions<IngestionOptions> options, ILogger<DocumentParsing> logger)
{
    private readonly Dictionary<string, IDocumentParser> _parsers = parsers.ToDictionary(p => p.Format, StringComparer.Ordinal);

    public async Task<ParsedDocument> ParseAsync(string path, string format, CancellationToken cancellationToken)
    {
        if (!_parsers.TryGetValue(format, out var parser))
        {
            throw new DocumentParseException($"'{format}' documents cannot be parsed; accepted formats are {string.Join(", ", _parsers.Keys)}.");
        }
        var settings = options.Value;
        var timeout = TimeSpan.FromSeconds(settings.ParseTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var output = new BlockCollector(settings.MaxExtractedChars, deadline.Token);
        try
        {
            // On the thread pool, so a parser that blocks still lets WaitAsync give up on it at the deadline.
            var parsed = await Task.Run(() => parser.ParseAsync(path, output, deadline.Token), deadline.Token).WaitAsync(timeout, cancellationToken);
            if (parsed.Blocks.Count == 0)
            {
                throw new DocumentParseException("The document contains no text.");
            }
            return parsed;
        }
        catch (DocumentParseException)
        {
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or TimeoutException)
        {
            throw new DocumentParseException($"Parsing took longer than {settings.ParseTimeoutSeconds} s (rag.parse_timeout_seconds); the file was given up on.");
        }
        catch (InsufficientExecutionStackException)
        {
            throw new DocumentParseException("The document is nested too deeply to read safely.");
        }
        catch (OutOfMemoryException)
        {
            throw new DocumentParseException("The document needs more memory to read than the server has; split it into smaller files.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Parsing a {Format} document failed", format);
            var reason = ex.Message.Replace(path, "(file)", StringComparison.Ordinal);
            throw new DocumentParseException($"The {DocumentFormats.Describe(format)} file could not be read: {(reason.Length > 300 ? reason[..300] : reason)}", ex);
        }
    }
}
