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
        var state = await GetForTurnAsync(db, cancellationToken);
        return (state.Catalog, state.Settings);
    }

    /// <summary>What a chat turn needs from the tenant row, in one lookup: the snapshot, the settings and the personas version.</summary>
    public async Task<TenantTurnState> GetForTurnAsync(SalesMateDbContext db, CancellationToken cancellationToken = default) =>
        await ForTurnAsync(db, await TenantRowQuery.For(db)(db, db.CurrentTenantId), cancellationToken);

    /// <summary>The same from a tenant row read by the caller, e.g. together with other reads in one query.</summary>
    public async Task<TenantTurnState> ForTurnAsync(SalesMateDbContext db, TenantTurnRow tenant, CancellationToken cancellationToken = default) =>
        new(await SnapshotAsync(db, db.CurrentTenantId, tenant.CatalogVersion, tenant.Settings, cancellationToken), tenant.Settings, tenant.PersonasVersion);

    // Compiled: every chat turn runs it, and the query cache lookup cost more than the lookup in the database.
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, Task<TenantTurnRow>>> TenantRowQuery = new(() => EF.CompileAsyncQuery(
        (SalesMateDbContext db, Guid tenantId) => db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => new TenantTurnRow(t.CatalogVersion, t.Settings, t.PersonasVersion)).First()));

    private async Task<CatalogSnapshot> SnapshotAsync(SalesMateDbContext db, Guid tenantId, long catalogVersion, Core.Entities.TenantSettings settings,
        CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue(tenantId, out var current) && current.Version == catalogVersion)
        {
            return current;
        }

        var gate = _rebuildLocks.GetOrAdd(tenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_snapshots.TryGetValue(tenantId, out current) && current.Version == catalogVersion)
            {
                return current;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var products = await db.Products.AsNoTracking().OrderBy(p => p.Sku).ToListAsync(cancellationToken);
            var snapshot = new CatalogSnapshot(tenantId, catalogVersion, products, settings.Currency);
            _snapshots[tenantId] = snapshot;
            logger.LogInformation("Catalog index built for tenant {TenantId}: {ProductCount} products, version {CatalogVersion}, {LatencyMs} ms",
                tenantId, products.Count, catalogVersion, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return snapshot;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The snapshot already in memory for a tenant, if any (for health reporting; never touches the database).</summary>
    public CatalogSnapshot? Peek(Guid tenantId) => _snapshots.GetValueOrDefault(tenantId);
}

/// <summary>The columns of the tenant row a chat turn reads: the catalog's version, the settings, the personas' version.</summary>
public sealed record TenantTurnRow(long CatalogVersion, Core.Entities.TenantSettings Settings, long PersonasVersion);

/// <summary>The tenant row as a chat turn reads it: the catalog snapshot, the settings, and the version of the personas.</summary>
public sealed record TenantTurnState(CatalogSnapshot Catalog, Core.Entities.TenantSettings Settings, long PersonasVersion);
