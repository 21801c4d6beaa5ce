using System.Text;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Services.Contributions;

/// <summary>Who submits: a signed-in user, or an anonymous visitor's chat session (with the email it proved, if any).</summary>
public sealed record Contributor(Guid? UserId, Guid? SessionId, string? Email);

/// <summary>
/// Knowledge submitted by users (seed 002): text or a file, stored as <c>pending</c> and never searched until a
/// tenant_admin approves it. Approval hands the content to the normal upload path (same checks, deduplication and
/// background ingestion queue) as a document of the contribution's namespace that records its contributor
/// (<c>documents.contribution_id</c>, <c>uploaded_by_user_id</c>). Rejection keeps the row, with the reviewer's note, out of retrieval.
/// </summary>
public sealed class ContributionService(
    SalesMateDbContext db,
    KnowledgeUploads uploads,
    UploadStore store,
    IngestionQueue queue,
    AuditLog audit,
    TimeProvider clock)
{
    public const int MaxTitleChars = 200;
    public const int MaxCategoryChars = 100;
    public const int MinTextChars = 20;
    public const int MaxTextChars = 20_000;
    public const int MaxNoteChars = 2_000;
    public const string Tag = "contribution";

    public async Task<Contribution> SubmitTextAsync(Contributor contributor, string @namespace, string? title, string? category, string? text,
        CancellationToken cancellationToken)
    {
        var body = CleanText(text);
        if (body.Length < MinTextChars)
        {
            throw new RequestValidationException("text", $"text must be at least {MinTextChars} characters of knowledge to review.");
        }
        if (body.Length > MaxTextChars)
        {
            throw new TextTooLongException("text", MaxTextChars, body.Length);
        }
        var contribution = New(contributor, @namespace, Title(title, FirstLine(body)), Category(category));
        contribution.Text = body;
        db.Contributions.Add(contribution);
        await db.SaveChangesAsync(cancellationToken);
        return contribution;
    }

    /// <summary>The file passes the knowledge-base upload checks (size, extension and magic bytes) before it is stored.</summary>
    public async Task<Contribution> SubmitFileAsync(Contributor contributor, string @namespace, string? title, string? category, IncomingFile file,
        CancellationToken cancellationToken)
    {
        var format = uploads.Check([file])[0];
        var name = KnowledgeUploads.DisplayName(file.FileName);
        var contribution = New(contributor, @namespace, Title(title, Path.GetFileNameWithoutExtension(name)), Category(category));
        await using (var stream = file.Open())
        {
            contribution.StoredName = await store.SaveAsync(db.CurrentTenantId, format, stream, cancellationToken);
        }
        contribution.FileName = name;
        db.Contributions.Add(contribution);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            store.Delete(contribution.StoredName);
            throw;
        }
        return contribution;
    }

    /// <summary>
    /// Queues the content for ingestion as a document crediting the contributor; the same content already in the
    /// namespace is linked instead of stored twice. Only a pending contribution can be approved (one reviewer wins).
    /// </summary>
    public async Task<Contribution> ApproveAsync(Guid id, string? note, HttpContext? http, CancellationToken cancellationToken)
    {
        note = Note(note, required: false);
        var contribution = await PendingAsync(id, cancellationToken);
        var content = Content(contribution);
        UploadOutcome outcome;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await ClaimAsync(id, ContributionStatus.Approved, cancellationToken);
            outcome = (await uploads.AddAsync([content], contribution.Namespace, [Tag], contribution.UserId, cancellationToken))[0];
            if (!outcome.Duplicate)
            {
                outcome.Document.ContributionId = contribution.Id;
                outcome.Document.Title = contribution.Title;
            }
            Review(contribution, ContributionStatus.Approved, note, http);
            contribution.DocumentId = outcome.Document.Id;
            audit.Add(http, AuditActions.ContributionApprove, "contribution", contribution.Id, new()
            {
                ["document_id"] = outcome.Document.Id.ToString(),
                ["duplicate"] = outcome.Duplicate ? "true" : "false",
                ["namespace"] = contribution.Namespace,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        if (!outcome.Duplicate)
        {
            queue.Enqueue(db.CurrentTenantId, outcome.Document.Id);
        }
        return contribution;
    }

    /// <summary>Keeps the contribution out of the knowledge base for good; the note tells the contributor why.</summary>
    public async Task<Contribution> RejectAsync(Guid id, string? note, HttpContext? http, CancellationToken cancellationToken)
    {
        note = Note(note, required: true);
        var contribution = await PendingAsync(id, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ClaimAsync(id, ContributionStatus.Rejected, cancellationToken);
        Review(contribution, ContributionStatus.Rejected, note, http);
        audit.Add(http, AuditActions.ContributionReject, "contribution", contribution.Id, new() { ["namespace"] = contribution.Namespace });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return contribution;
    }

    private async Task<Contribution> PendingAsync(Guid id, CancellationToken cancellationToken)
    {
        var contribution = await db.Contributions.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
                           ?? throw new NotFoundException("Contribution", id);
        if (contribution.Status != ContributionStatus.Pending)
        {
            throw new ConflictException($"This contribution was already {contribution.Status}; only pending contributions can be reviewed.");
        }
        return contribution;
    }

    /// <summary>Moves pending to the decision in SQL first, so two reviewers deciding at once cannot both win.</summary>
    private async Task ClaimAsync(Guid id, string status, CancellationToken cancellationToken)
    {
        var claimed = await db.Contributions.Where(c => c.Id == id && c.Status == ContributionStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, status), cancellationToken);
        if (claimed == 0)
        {
            throw new ConflictException("This contribution was reviewed by someone else just now; reload it.");
        }
    }

    private void Review(Contribution contribution, string status, string? note, HttpContext? http)
    {
        contribution.Status = status;
        contribution.ReviewNote = note;
        contribution.ReviewedAt = clock.GetUtcNow().UtcDateTime;
        contribution.ReviewedByUserId = http?.User is { } user ? Auth.UserClaims.UserIdOrNull(user) : null;
    }

    /// <summary>What ingestion reads: the text as a UTF-8 .txt file, or the stored original.</summary>
    private IncomingFile Content(Contribution contribution)
    {
        if (contribution.StoredName is null)
        {
            var bytes = Encoding.UTF8.GetBytes(contribution.Text ?? "");
            return new IncomingFile($"{FileStem(contribution.Title)}.txt", bytes.Length, () => new MemoryStream(bytes, writable: false));
        }
        var path = store.PathOf(contribution.StoredName);
        if (!File.Exists(path))
        {
            throw new ConflictException("The contributed file is no longer stored; ask the contributor to submit it again.");
        }
        return new IncomingFile(contribution.FileName ?? Path.GetFileName(path), new FileInfo(path).Length, () => File.OpenRead(path));
    }

    private Contribution New(Contributor contributor, string @namespace, string title, string? category) => new()
    {
        Id = Guid.CreateVersion7(),
        Namespace = @namespace,
        UserId = contributor.UserId,
        SessionId = contributor.SessionId,
        Email = contributor.Email,
        Title = title,
        Category = category,
        Status = ContributionStatus.Pending,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>Line breaks and tabs stay; other control characters (NUL included) would only break parsing.</summary>
    private static string CleanText(string? text) =>
        new string((text ?? "").Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray()).Trim();

    private static string Title(string? given, string fallback)
    {
        var title = CleanText(given).ReplaceLineEndings(" ");
        if (title.Length > MaxTitleChars)
        {
            throw new RequestValidationException("title", $"title must be at most {MaxTitleChars} characters.");
        }
        title = title.Length > 0 ? title : CleanText(fallback).ReplaceLineEndings(" ");
        title = title.Length > 80 && given is null or "" ? title[..80].TrimEnd() + "…" : title;
        return title.Length > 0 ? title : "Contribution";
    }

    private static string? Category(string? given)
    {
        var category = CleanText(given).ReplaceLineEndings(" ");
        if (category.Length > MaxCategoryChars)
        {
            throw new RequestValidationException("category", $"category must be at most {MaxCategoryChars} characters.");
        }
        return category.Length > 0 ? category : null;
    }

    private static string? Note(string? given, bool required)
    {
        var note = CleanText(given);
        if (required && note.Length == 0)
        {
            throw new RequestValidationException("note", "Say why the contribution is rejected (note); the contributor sees it.");
        }
        if (note.Length > MaxNoteChars)
        {
            throw new RequestValidationException("note", $"note must be at most {MaxNoteChars} characters.");
        }
        return note.Length > 0 ? note : null;
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>A file name made of the title's letters and digits (display only: stored names are generated).</summary>
    private static string FileStem(string title)
    {
        var stem = new string(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (stem.Contains("--", StringComparison.Ordinal))
        {
            stem = stem.Replace("--", "-", StringComparison.Ordinal);
        }
        return stem.Length == 0 ? "contribution" : stem.Length > 60 ? stem[..60].TrimEnd('-') : stem;
    }
}
