using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Privacy;
using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Services.Contributions;

/// <summary>A contribution as its contributor sees it in a privacy export (the reviewer's identity is staff data, left out).</summary>
public sealed record ExportedContribution(Guid Id, string Namespace, string Title, string? Category, string? Text, string? FileName,
    string Status, string? ReviewNote, DateTime? ReviewedAt, Guid? DocumentId, DateTime CreatedAt);

/// <summary>
/// Privacy export and deletion of a person's contributions: theirs by account, by chat session or by the email they
/// proved. Deleting removes every document made from them through the normal document deletion (chunks, full text,
/// vectors in every store, knowledge version bumped), then the contributions and their stored files. A document an
/// administrator uploaded with the same content is not theirs and stays.
/// </summary>
public sealed class ContributionPersonalData(SalesMateDbContext db, KnowledgeDocumentService documents, UploadStore store) : IPersonalDataStore
{
    public string Name => "contributions";

    public async Task<object?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken) =>
        await Of(subject).AsNoTracking().OrderBy(c => c.CreatedAt)
            .Select(c => new ExportedContribution(c.Id, c.Namespace, c.Title, c.Category, c.Text, c.FileName, c.Status, c.ReviewNote, c.ReviewedAt,
                c.DocumentId, c.CreatedAt))
            .ToListAsync(cancellationToken);

    public async Task<int> DeleteAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var contributions = await Of(subject).AsNoTracking().Select(c => new { c.Id, c.StoredName }).ToListAsync(cancellationToken);
        if (contributions.Count == 0)
        {
            return 0;
        }
        var ids = contributions.Select(c => c.Id).ToArray();
        var documentIds = await db.Documents.AsNoTracking()
            .Where(d => d.ContributionId != null && ids.Contains(d.ContributionId.Value)).Select(d => d.Id).ToListAsync(cancellationToken);
        foreach (var documentId in documentIds)
        {
            await documents.DeleteAsync(documentId, cancellationToken); // joins the privacy deletion's transaction
        }
        var deleted = await db.Contributions.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        foreach (var contribution in contributions)
        {
            store.Delete(contribution.StoredName);
        }
        return deleted;
    }

    private IQueryable<Contribution> Of(PrivacySubject subject)
    {
        var (email, userIds, sessionIds) = (subject.Email, subject.UserIds.ToArray(), subject.SessionIds.ToArray());
        return db.Contributions.Where(c => (c.UserId != null && userIds.Contains(c.UserId.Value))
                                           || (c.SessionId != null && sessionIds.Contains(c.SessionId.Value))
                                           || c.Email == email);
    }
}
