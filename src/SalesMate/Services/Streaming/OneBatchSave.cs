using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// SaveChanges for a few rows that must be stored together, without EF's BEGIN/COMMIT on PostgreSQL. EF sends a save
/// of a few rows as one batch; Npgsql sends a batch with a single Sync, and PostgreSQL runs everything up to a Sync as
/// one implicit transaction: a failing statement rolls back the ones before it and skips the rest. The batch is
/// therefore atomic on its own, and the COMMIT round trip goes. SQLite has no such batch and keeps the transaction.
/// See docs/decisions/0011d-time-to-first-token.md.
/// </summary>
public static class OneBatchSave
{
    /// <summary>Far below any batch limit (EF's Npgsql batches hold up to 1,000 statements), so the save is one command.</summary>
    public const int MaxRows = 10;

    public static async Task SaveAsync(SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var database = db.Database;
        if (!database.IsNpgsql() || database.CurrentTransaction is not null || PendingRows(db) is < 2 or > MaxRows || ChecksConcurrency(db))
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var behavior = database.AutoTransactionBehavior;
        database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            database.AutoTransactionBehavior = behavior;
        }
    }

    // EF finds a concurrency failure from the rows a batch reports, after it ran: without a transaction the rest of the
    // batch would stay written.
    private static bool ChecksConcurrency(SalesMateDbContext db) => db.ChangeTracker.Entries()
        .Any(e => e.State is EntityState.Modified or EntityState.Deleted && e.Metadata.GetProperties().Any(p => p.IsConcurrencyToken));

    private static int PendingRows(SalesMateDbContext db) => // Entries() detects changes first
        db.ChangeTracker.Entries().Count(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
}
