using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Each tenant's assistant and shopper personas in memory, read again when <c>tenants.personas_version</c> moves
/// (database triggers bump it on every persona write, from any instance or tool). The version comes with the tenant
/// row a turn reads anyway (<see cref="Vector.CatalogIndex.GetForTurnAsync"/>), so a turn asks no persona query.
/// The cached entities are shared between requests: read them, never change or attach them.
/// </summary>
public sealed class PersonaCache
{
    private readonly ConcurrentDictionary<Guid, TenantPersonas> _tenants = new();

    public async Task<TenantPersonas> GetAsync(SalesMateDbContext db, long version, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        if (_tenants.TryGetValue(tenantId, out var known) && known.Version == version)
        {
            return known;
        }
        // Read after the version: a write in between only makes the next turn read them again.
        var assistants = await db.AssistantPersonas.AsNoTracking().ToListAsync(cancellationToken);
        var shoppers = await db.ShopperPersonas.AsNoTracking().ToListAsync(cancellationToken);
        var loaded = new TenantPersonas(version, assistants, shoppers);
        _tenants[tenantId] = loaded;
        return loaded;
    }
}

/// <summary>One tenant's personas at one <c>personas_version</c>.</summary>
public sealed class TenantPersonas(long version, IReadOnlyList<AssistantPersona> assistants, IReadOnlyList<ShopperPersona> shoppers)
{
    private readonly Dictionary<Guid, AssistantPersona> _assistants = assistants.ToDictionary(p => p.Id);
    private readonly Dictionary<Guid, ShopperPersona> _shoppers = shoppers.ToDictionary(p => p.Id);

    // The tenant's default: flagged default first, then by code (as PersonaRepository.FindAssistantAsync(null)).
    private readonly AssistantPersona? _default = assistants.OrderByDescending(p => p.IsDefault).ThenBy(p => p.Code, StringComparer.Ordinal).FirstOrDefault();

    public long Version { get; } = version;

    /// <summary>By id (null when it no longer exists); with no id, the tenant's default persona.</summary>
    public AssistantPersona? Assistant(Guid? id) => id is { } value ? _assistants.GetValueOrDefault(value) : _default;

    public AssistantPersona? AssistantByCode(string code) => _assistants.Values.FirstOrDefault(p => p.Code == code);

    public ShopperPersona? Shopper(Guid id) => _shoppers.GetValueOrDefault(id);

    /// <summary>By id, or by code (the demo dropdown and the CLI use codes).</summary>
    public ShopperPersona? Shopper(string idOrCode) => Guid.TryParse(idOrCode, out var id)
        ? _shoppers.GetValueOrDefault(id)
        : _shoppers.Values.FirstOrDefault(p => p.Code == idOrCode);
}
