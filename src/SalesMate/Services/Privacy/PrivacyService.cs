using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Otp;
using SalesMate.Utils;

namespace SalesMate.Services.Privacy;

/// <summary>Export and deletion of everything stored for an email in the current tenant, each confirmed by an email code.</summary>
public sealed class PrivacyService(SalesMateDbContext db, OtpService otp, PersonalDataRepository data, IEnumerable<IPersonalDataStore> stores,
    TimeProvider clock, ILogger<PrivacyService> logger)
{
    public async Task<PrivacyExport> ExportAsync(string email, string code, VisitorSession requester, CancellationToken cancellationToken)
    {
        email = EmailAddresses.Normalize(email);
        await otp.VerifyAsync(email, code, OtpPurposes.Export, requester.Id, cancellationToken);
        var subject = await data.FindSubjectAsync(email, requester, cancellationToken);
        var export = await data.ExportAsync(subject, clock.GetUtcNow().UtcDateTime, cancellationToken);
        foreach (var store in stores)
        {
            export.Other[store.Name] = await store.ExportAsync(subject, cancellationToken);
        }
        logger.LogInformation("Privacy export of {SessionCount} sessions and {ConversationCount} conversations", subject.SessionIds.Count, subject.ConversationIds.Count);
        return export;
    }

    /// <summary>Deletes in one transaction; returns the number of rows removed per table (and per extension store).</summary>
    /// <exception cref="ConflictException">The email belongs to a staff account, which an administrator must remove.</exception>
    public async Task<PrivacyDeletion> DeleteAsync(string email, string code, VisitorSession requester, CancellationToken cancellationToken)
    {
        email = EmailAddresses.Normalize(email);
        // Verified before the transaction opens: a wrong code's counted attempt must survive a rollback.
        await otp.VerifyAsync(email, code, OtpPurposes.DeleteData, requester.Id, cancellationToken);
        var subject = await data.FindSubjectAsync(email, requester, cancellationToken);
        if ((await data.RolesAsync(subject, cancellationToken)).Any(role => role != Roles.User))
        {
            throw new ConflictException("This address belongs to a staff account; an administrator of this shop must remove it.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = new Dictionary<string, int>();
        foreach (var store in stores)
        {
            deleted[store.Name] = await store.DeleteAsync(subject, cancellationToken);
        }
        foreach (var (table, count) in await data.DeleteAsync(subject, cancellationToken))
        {
            deleted[table] = count;
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Privacy deletion removed {RowCount} rows ({Tables})", deleted.Values.Sum(),
            string.Join(", ", deleted.Where(d => d.Value > 0).Select(d => $"{d.Key}={d.Value}")));
        return new PrivacyDeletion(email, deleted, RequesterDeleted: subject.SessionIds.Contains(requester.Id));
    }
}

public sealed record PrivacyDeletion(string Email, IReadOnlyDictionary<string, int> Deleted, bool RequesterDeleted);
