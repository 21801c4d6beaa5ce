using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>A file offered for the knowledge base; <see cref="Open"/> may be called more than once.</summary>
public sealed record IncomingFile(string FileName, long Length, Func<Stream> Open, string? SourceUrl = null);

/// <summary>What became of an offered file: a new queued document, or the one that already has the same content.</summary>
public sealed record UploadOutcome(KnowledgeDocument Document, bool Duplicate);

/// <summary>
/// Accepts files into a namespace: every file is checked first (count, empty, size, extension AND magic bytes), so a
/// bad file refuses the whole upload before anything is stored; then each is deduplicated by SHA-256 per tenant and
/// namespace, stored under a generated name and recorded as a queued document. Parsing happens later, in the queue.
/// </summary>
public sealed class KnowledgeUploads(SalesMateDbContext db, UploadStore store, IOptions<IngestionOptions> options, TimeProvider clock)
{
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;

    public async Task<IReadOnlyList<UploadOutcome>> AddAsync(IReadOnlyList<IncomingFile> files, string @namespace, IReadOnlyList<string> tags,
        Guid? uploadedBy, CancellationToken cancellationToken)
    {
        var formats = Check(files);
        var outcomes = new List<UploadOutcome>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            outcomes.Add(await AddOneAsync(files[i], formats[i], @namespace, tags, uploadedBy, cancellationToken));
        }
        return outcomes;
    }

    /// <summary>Tags from a form field or command line: comma-separated and/or repeated; trimmed, lower case, distinct.</summary>
    public static IReadOnlyList<string> ParseTags(IEnumerable<string?> values)
    {
        var tags = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > MaxTags || tags.Any(t => t.Length > MaxTagLength))
        {
            throw new RequestValidationException("tags", $"At most {MaxTags} tags of up to {MaxTagLength} characters each.");
        }
        return tags;
    }

    /// <summary>
    /// The checks every offered file passes before anything is stored (count, empty, size, extension and magic bytes);
    /// returns each file's format. Contributions run the same checks at submission.
    /// </summary>
    public IReadOnlyList<string> Check(IReadOnlyList<IncomingFile> files)
    {
        var settings = options.Value;
        if (files.Count == 0)
        {
            throw new RequestValidationException("files", "Send one or more files as multipart/form-data (field name: files).");
        }
        if (files.Count > settings.MaxFilesPerUpload)
        {
            throw new RequestValidationException("files", $"At most {settings.MaxFilesPerUpload} files per upload (rag.max_files_per_upload); got {files.Count}.");
        }
        var formats = new List<string>(files.Count);
        foreach (var file in files)
        {
            var name = DisplayName(file.FileName);
            if (file.Length == 0)
            {
                throw new RequestValidationException("files", $"{name} is empty (0 bytes).");
            }
            if (file.Length > settings.MaxUploadBytes)
            {
                throw new PayloadTooLargeException(
                    $"{name} is {file.Length / (1024.0 * 1024.0):0.#} MB; files may be at most {settings.MaxUploadMb} MB (rag.max_upload_mb).", settings.MaxUploadBytes);
            }
            var head = new byte[FileTypeDetector.HeadBytes];
            int read;
            using (var stream = file.Open())
            {
                read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }
            formats.Add(FileTypeDetector.Detect(name, head.AsSpan(0, read), file.Open));
        }
        return formats;
    }

    private async Task<UploadOutcome> AddOneAsync(IncomingFile file, string format, string @namespace, IReadOnlyList<string> tags, Guid? uploadedBy,
        CancellationToken cancellationToken)
    {
        string hash;
        await using (var stream = file.Open())
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        }
        if (await FindAsync(@namespace, hash, cancellationToken) is { } existing)
        {
            return new UploadOutcome(existing, Duplicate: true);
        }

        var tenantId = db.CurrentTenantId;
        string storedName;
        await using (var stream = file.Open())
        {
            storedName = await store.SaveAsync(tenantId, format, stream, cancellationToken);
        }
        var name = DisplayName(file.FileName);
        var now = clock.GetUtcNow().UtcDateTime;
        var document = new KnowledgeDocument
        {
            Id = Guid.CreateVersion7(),
            Namespace = @namespace,
            Title = Path.GetFileNameWithoutExtension(name) is { Length: > 0 } stem ? stem : name,
            FileName = name,
            Format = format,
            StoredName = storedName,
            SourceUrl = file.SourceUrl,
            SizeBytes = file.Length,
            ContentHash = hash,
            Status = DocumentStatus.Queued,
            Tags = [.. tags],
            UploadedByUserId = uploadedBy,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Documents.Add(document);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same content may have arrived at the same moment in another request; then keep that one.
            db.Entry(document).State = EntityState.Detached;
            store.Delete(storedName);
            if (await FindAsync(@namespace, hash, cancellationToken) is { } raced)
            {
                return new UploadOutcome(raced, Duplicate: true);
            }
            throw;
        }
        return new UploadOutcome(document, Duplicate: false);
    }

    private Task<KnowledgeDocument?> FindAsync(string @namespace, string hash, CancellationToken cancellationToken) =>
        db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Namespace == @namespace && d.ContentHash == hash, cancellationToken);

    /// <summary>The client's name for display only: no folders, no control characters, at most 255 characters.</summary>
    public static string DisplayName(string fileName)
    {
        var name = new string(Path.GetFileName(fileName.Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "upload";
        }
        return name.Length > 255 ? name[^255..] : name;
    }
}
