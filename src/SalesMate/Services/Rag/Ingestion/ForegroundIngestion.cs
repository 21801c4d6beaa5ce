using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>What happened to one file or page: ready, failed (with why), duplicate (already there) or refused (not accepted).</summary>
public sealed record IngestResult(string Name, string Status, Guid? DocumentId, int Chunks, string? Detail)
{
    public const string Duplicate = "duplicate";
    public const string Refused = "refused";
}

/// <summary>
/// Ingests files one by one in the calling process, for the CLI (ingest, crawl): the same checks, storage and pipeline
/// as uploads, but parsed right away instead of in the web app's queue. A page fetched again from the same URL with new
/// content replaces the document it had before.
/// </summary>
public sealed class ForegroundIngestion(
    KnowledgeUploads uploads,
    DocumentIngestor ingestor,
    KnowledgeDocumentService documents,
    SalesMateDbContext db,
    TimeProvider clock)
{
    public async Task<IngestResult> IngestAsync(IncomingFile file, string @namespace, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        var name = file.SourceUrl ?? file.FileName;
        UploadOutcome outcome;
        try
        {
            outcome = (await uploads.AddAsync([file], @namespace, tags, null, cancellationToken))[0];
        }
        catch (Exception ex) when (ex is RequestValidationException or UnsupportedMediaTypeException or PayloadTooLargeException)
        {
            var reason = ex is RequestValidationException validation ? string.Join(" ", validation.Errors.SelectMany(e => e.Value)) : ex.Message;
            return new IngestResult(name, IngestResult.Refused, null, 0, reason);
        }
        if (outcome.Duplicate)
        {
            return new IngestResult(name, IngestResult.Duplicate, outcome.Document.Id, outcome.Document.ChunkCount, $"same content as {outcome.Document.FileName}");
        }
        var document = await ingestor.ProcessAsync(outcome.Document.Id, clock.GetUtcNow().UtcDateTime, null, cancellationToken) ?? outcome.Document;
        if (document.Status == DocumentStatus.Ready && file.SourceUrl is { } url)
        {
            var older = await db.Documents.AsNoTracking()
                .Where(d => d.Namespace == @namespace && d.SourceUrl == url && d.Id != document.Id).Select(d => d.Id).ToListAsync(cancellationToken);
            foreach (var id in older)
            {
                await documents.DeleteAsync(id, cancellationToken);
            }
        }
        return new IngestResult(name, document.Status, document.Id, document.ChunkCount, document.Error);
    }
}
