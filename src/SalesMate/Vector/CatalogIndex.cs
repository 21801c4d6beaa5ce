using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Vector;

/// <summary>
/// Keeps one <see cref="CatalogSnapshot"/> per tenant in memory. Each use reads the tenant's <c>catalog_version</c>
/// (one indexed lookup), so a product write on any instance makes every instance rebuild on its next query.
/// </summary>
public sealed class CatalogIndex(ILogger<CatalogIndex> logger)
{
    private readonly ConcurrentDictionary<Guid, CatalogSnapshot> _snapshots = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _rebuildLocks = new();

    public async Task<CatalogSnapshot> GetAsync(SalesMateDbContext db, CancellationToken cancellationToken = default) =>
        (await GetWithSettingsAsync(db, cancellationToken)).Catalog;

    /// <summary>The snapshot and the tenant's settings, read in the same lookup (a chat turn needs both).</summary>
    public async Task<(CatalogSnapshot Catalog, Core.Entities.TenantSettings Settings)> GetWithSettingsAsync(SalesMateDbContext db,
        CancellationToken cancellationToken = default)
    {
        var tenantId = db.CurrentTenantId;
        var tenant = await db.Tenants.AsNoTracking()
            .Where(t => t.Id == tenantId)
            .Select(t => new { t.CatalogVersion, t.Settings })
            .FirstAsync(cancellationToken);
        if (_snapshots.TryGetValue(tenantId, out var current) && current.Version == tenant.CatalogVersion)
        {
            return (current, tenant.Settings);
        }

        var gate = _rebuildLocks.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshots.TryGetValue(tenantId, out current) && current.Version == tenant.CatalogVersion)
            {
                return (current, tenant.Settings);
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var products = await db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync(cancellationToken);
            var snapshot = new CatalogSnapshot(tenantId, tenant.CatalogVersion, products, tenant.Settings.Currency);
            _snapshots[tenantId] = snapshot;
            logger.LogInformation("Catalog index built for tenant {TenantId}: {ProductCount} products, version {CatalogVersion}, {LatencyMs} ms",
                tenantId, products.Count, tenant.CatalogVersion, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return (snapshot, tenant.Settings);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The snapshot already in memory for a tenant, if any (for health reporting; never touches the database).</summary>
    public CatalogSnapshot? Peek(Guid tenantId) => _snapshots.GetValueOrDefault(tenantId);
}
