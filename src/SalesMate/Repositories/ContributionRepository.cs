using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

/// <summary>Reads of the current tenant's contributions (the DbContext's tenant filter applies).</summary>
public sealed class ContributionRepository(SalesMateDbContext db)
{
    public static readonly IReadOnlyList<string> Statuses = [ContributionStatus.Pending, ContributionStatus.Approved, ContributionStatus.Rejected];

    public async Task<(IReadOnlyList<Contribution> Items, int Total)> ListAsync(string? status, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var query = db.Contributions.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(Paging.Skip(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>A signed-in user's contributions, or an anonymous session's; newest first.</summary>
    public async Task<IReadOnlyList<Contribution>> MineAsync(Guid? userId, Guid? sessionId, int limit, CancellationToken cancellationToken) =>
        await db.Contributions.AsNoTracking()
            .Where(c => (userId != null && c.UserId == userId) || (userId == null && sessionId != null && c.SessionId == sessionId))
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(limit).ToListAsync(cancellationToken);

    public Task<Contribution?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Contributions.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
}
