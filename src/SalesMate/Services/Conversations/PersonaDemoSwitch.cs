using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;

namespace SalesMate.Services.Conversations;

/// <summary>Whether the seed-000 shopper personas demo is on for the current tenant: its settings.demo_personas, else <c>demo.personas</c>.</summary>
public sealed class PersonaDemoSwitch(SalesMateDbContext db, IOptions<DemoOptions> options)
{
    public async Task<bool> IsOnAsync(CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var settings = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.Settings).FirstOrDefaultAsync(cancellationToken);
        return settings?.DemoPersonas ?? options.Value.Personas;
    }
}
