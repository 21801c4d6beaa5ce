namespace SalesMate.Services.Privacy;

/// <summary>
/// The extension point for personal data outside the core tables (leads, knowledge-base vectors, ...): register an
/// implementation in DI and privacy export and deletion include it. <see cref="DeleteAsync"/> runs inside the
/// deletion's transaction, before the core rows (sessions, conversations, users) it may reference are removed.
/// </summary>
public interface IPersonalDataStore
{
    /// <summary>Key of this store's section in the export and in the deletion counts, e.g. <c>leads</c>.</summary>
    string Name { get; }

    Task<object?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken);

    /// <summary>Deletes the subject's rows; returns how many were removed.</summary>
    Task<int> DeleteAsync(PrivacySubject subject, CancellationToken cancellationToken);
}
