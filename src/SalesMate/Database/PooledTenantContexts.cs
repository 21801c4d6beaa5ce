using Microsoft.EntityFrameworkCore;

namespace SalesMate.Database;

/// <summary>
/// Registers <see cref="SalesMateDbContext"/> from EF's context pool: constructing a context (EF's internal services,
/// options checks) cost about 0.1-0.2 ms of CPU per DI scope, and a turn uses several scopes. Each scope leases a
/// context and gives it the scope's <see cref="ITenantContext"/>, so the query filters, the tenant stamping on save
/// and the row-level-security settings (<see cref="TenantSessionInterceptor"/>) see that scope's tenant; disposing
/// the scope returns the context without it.
/// </summary>
public static class PooledTenantContexts
{
    /// <summary>More idle contexts than this are disposed, not kept (a 2-core server rarely has more requests in flight).</summary>
    public const int PoolSize = 256;

    public static IServiceCollection AddPooledSalesMateDbContext(this IServiceCollection services,
        Action<IServiceProvider, DbContextOptionsBuilder> configure)
    {
        services.AddPooledDbContextFactory<SalesMateDbContext>(configure, PoolSize);
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SalesMateDbContext>>().CreateDbContext()
            .LeaseFor(sp.GetRequiredService<ITenantContext>()));
        return services;
    }
}

/// <summary>The tenant of a context that no scope leased: none (its tenant-owned queries throw; PostgreSQL shows no rows).</summary>
internal sealed class NoTenant : ITenantContext
{
    public static readonly NoTenant Instance = new();

    public Guid TenantId => throw new InvalidOperationException("This database context was not leased by a scope; it has no tenant.");

    public Guid? ResolvedTenantId => null;

    public CrossTenantJob? CrossTenantJob => null;
}
