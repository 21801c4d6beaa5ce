using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Services.Rag;

/// <summary>
/// Every knowledge change bumps the tenant's <c>knowledge_version</c> in the caller's transaction, so every instance
/// knows its in-memory vectors and cached answers are stale (the catalog_version pattern).
/// </summary>
public static class KnowledgeVersions
{
    /// <summary>Bumps the current tenant's version and returns the new one.</summary>
    public static async Task<long> BumpAsync(SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        await db.Tenants.Where(t => t.Id == tenantId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.KnowledgeVersion, t => t.KnowledgeVersion + 1), cancellationToken);
        return await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.KnowledgeVersion).FirstAsync(cancellationToken);
    }
}
