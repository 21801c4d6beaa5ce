using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Repositories;

public sealed class PersonaRepository(SalesMateDbContext db)
{
    public async Task<IReadOnlyList<ShopperPersona>> ShoppersAsync(CancellationToken cancellationToken) =>
        await db.ShopperPersonas.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);

    /// <summary>By id, or by code (the demo dropdown and the CLI use codes).</summary>
    public Task<ShopperPersona?> FindShopperAsync(string idOrCode, CancellationToken cancellationToken) =>
        Guid.TryParse(idOrCode, out var id)
            ? db.ShopperPersonas.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            : db.ShopperPersonas.AsNoTracking().FirstOrDefaultAsync(p => p.Code == idOrCode, cancellationToken);

    public Task<ShopperPersona?> FindShopperAsync(Guid id, CancellationToken cancellationToken) =>
        db.ShopperPersonas.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);

    public Task<AssistantPersona?> FindAssistantAsync(Guid? id, CancellationToken cancellationToken) =>
        id is { } value
            ? db.AssistantPersonas.AsNoTracking().FirstOrDefaultAsync(p => p.Id == value, cancellationToken)
            : db.AssistantPersonas.AsNoTracking().OrderByDescending(p => p.IsDefault).ThenBy(p => p.Code).FirstOrDefaultAsync(cancellationToken);

    public Task<AssistantPersona?> FindAssistantByCodeAsync(string code, CancellationToken cancellationToken) =>
        db.AssistantPersonas.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, cancellationToken);
}
