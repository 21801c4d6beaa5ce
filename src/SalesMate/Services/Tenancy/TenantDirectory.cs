using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;

namespace SalesMate.Services.Tenancy;

public sealed record TenantEntry(Guid Id, string Slug, bool IsActive);

/// <summary>
/// Tenant lookups by slug or id, cached per instance for <c>app.tenant_cache_seconds</c>. Ids never change, so the cache
/// can only be stale about the active flag: admin changes invalidate it here at once, other instances within the TTL.
/// Only existing tenants are cached, so requests for random slugs cannot grow it.
/// </summary>
public sealed class TenantDirectory(IOptions<AppOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Cached> _bySlug = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Cached> _byId = new();

    private sealed record Cached(TenantEntry Entry, DateTimeOffset Until);

    /// <summary>A slug, or a tenant id (super_admin's X-Tenant accepts both).</summary>
    /// <remarks>The context is created only on a cache miss: most requests (and every open SSE request) never need one.</remarks>
    public Task<TenantEntry?> FindAsync(Lazy<SalesMateDbContext> db, string slugOrId, CancellationToken cancellationToken) =>
        Guid.TryParse(slugOrId, out var id) ? FindAsync(db, id, cancellationToken) : FindBySlugAsync(db, slugOrId, cancellationToken);

    public async Task<TenantEntry?> FindBySlugAsync(Lazy<SalesMateDbContext> db, string slug, CancellationToken cancellationToken)
    {
        if (!Utils.Slug.IsValid(slug))
        {
            return null;
        }
        if (_bySlug.TryGetValue(slug, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Entry;
        }
        return Remember(await db.Value.Tenants.AsNoTracking().Where(t => t.Slug == slug)
            .Select(t => new TenantEntry(t.Id, t.Slug, t.IsActive)).FirstOrDefaultAsync(cancellationToken));
    }

    public async Task<TenantEntry?> FindAsync(Lazy<SalesMateDbContext> db, Guid id, CancellationToken cancellationToken)
    {
        if (_byId.TryGetValue(id, out var cached) && cached.Until > clock.GetUtcNow())
        {
            return cached.Entry;
        }
        return Remember(await db.Value.Tenants.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new TenantEntry(t.Id, t.Slug, t.IsActive)).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>Called after a tenant is changed, so this instance sees the change on the next request.</summary>
    public void Invalidate(Guid id)
    {
        if (_byId.TryRemove(id, out var cached))
        {
            _bySlug.TryRemove(cached.Entry.Slug, out _);
        }
        foreach (var (slug, entry) in _bySlug)
        {
            if (entry.Entry.Id == id)
            {
                _bySlug.TryRemove(slug, out _);
            }
        }
    }

    private TenantEntry? Remember(TenantEntry? entry)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.TenantCacheSeconds);
        if (entry is not null && ttl > TimeSpan.Zero)
        {
            var cached = new Cached(entry, clock.GetUtcNow() + ttl);
            _bySlug[entry.Slug] = cached;
            _byId[entry.Id] = cached;
        }
        return entry;
    }
}
