using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SalesMate.Database;

/// <summary>
/// A transaction of the caller's own, or none when one is already open on the context: then the work joins it and
/// the outer owner commits (privacy deletion removes contributed documents inside its single transaction).
/// </summary>
public sealed class OwnedTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _own;

    private OwnedTransaction(IDbContextTransaction? own) => _own = own;

    public static async Task<OwnedTransaction> BeginAsync(DbContext db, CancellationToken cancellationToken) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);

    public Task CommitAsync(CancellationToken cancellationToken) => _own?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
