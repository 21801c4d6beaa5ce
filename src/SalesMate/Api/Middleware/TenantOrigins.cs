using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Api.Middleware;

/// <summary>
/// The web origins a tenant allows (<c>TenantSettings.AllowedOrigins</c>: the sites that embed its widget). They decide
/// CORS, the CSP frame-ancestors and which cross-origin cookie requests pass the CSRF check. Cached per tenant for
/// <see cref="Lifetime"/>; an admin change is seen within that time, or at once on this instance via <see cref="Forget"/>.
/// </summary>
public sealed class TenantOrigins(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<Guid, (FrozenSet<string> Origins, DateTimeOffset Until)> _cache = new();

    public async ValueTask<FrozenSet<string>> GetAsync(Guid tenantId, Lazy<SalesMateDbContext> db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && cached.Until > now)
        {
            return cached.Origins;
        }
        // Tenants are not tenant-owned rows, so no query filter applies; the lookup is by the resolved tenant's id.
        var settings = await db.Value.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Settings).FirstOrDefaultAsync(cancellationToken);
        var origins = (settings?.AllowedOrigins ?? []).Select(Normalize).OfType<string>().ToFrozenSet(StringComparer.Ordinal);
        _cache[tenantId] = (origins, now + Lifetime);
        return origins;
    }

    public void Forget(Guid tenantId) => _cache.TryRemove(tenantId, out _);

    /// <summary>
    /// "scheme://host[:port]" in lower case for an http(s) origin; null for anything else, including "null", wildcards,
    /// paths and user info, so a mistyped setting can never widen access.
    /// </summary>
    public static string? Normalize(string? origin)
    {
        if (string.IsNullOrWhiteSpace(origin) || origin.Contains('*', StringComparison.Ordinal)
            || !Uri.TryCreate(origin.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0
            || uri.PathAndQuery != "/" || uri.Fragment.Length > 0)
        {
            return null;
        }
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }
}

/// <summary>The current request's tenant origins, set once the tenant is resolved.</summary>
public sealed record TenantOriginsFeature(FrozenSet<string> Origins);

/// <summary>Loads the resolved tenant's origins into <see cref="TenantOriginsFeature"/> for CORS, CSP and CSRF.</summary>
public sealed class TenantOriginsMiddleware(RequestDelegate next, TenantOrigins origins)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenant, Lazy<SalesMateDbContext> db)
    {
        if (tenant.IsResolved)
        {
            // Lazy: with the origins cached, a request that needs no database leases no context.
            http.Features.Set(new TenantOriginsFeature(await origins.GetAsync(tenant.TenantId, db, http.RequestAborted)));
        }
        await next(http);
    }
}
