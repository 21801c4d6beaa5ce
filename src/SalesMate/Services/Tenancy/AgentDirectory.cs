using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Tenancy;

/// <summary>
/// This instance's cache of agent settings per tenant, trusted for <c>app.tenant_cache_seconds</c> like the tenant
/// lookups, so a chat turn does not read <c>tenant_agents</c> every time. Changes made through the admin API on this
/// instance apply at once; other instances see them within the cache time.
/// </summary>
public sealed class AgentDirectory(IOptions<AppOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(Guid TenantId, string Agent), (AgentSettings Settings, DateTimeOffset Until)> _cache = new();

    public AgentSettings? Find(Guid tenantId, string agent) =>
        _cache.TryGetValue((tenantId, agent), out var cached) && cached.Until > clock.GetUtcNow() ? cached.Settings : null;

    public void Remember(Guid tenantId, AgentSettings settings)
    {
        if (options.Value.TenantCacheSeconds > 0)
        {
            _cache[(tenantId, settings.Agent)] = (settings, clock.GetUtcNow().AddSeconds(options.Value.TenantCacheSeconds));
        }
    }

    public void Invalidate(Guid tenantId)
    {
        foreach (var key in _cache.Keys.Where(k => k.TenantId == tenantId))
        {
            _cache.TryRemove(key, out _);
        }
    }
}
