namespace SalesMate.Database;

/// <summary>The tenant the current request or command acts for. Every tenant-owned query is filtered by it.</summary>
public interface ITenantContext
{
    Guid TenantId { get; }

    /// <summary>The tenant, or null while none is resolved (PostgreSQL then shows no tenant-owned rows).</summary>
    Guid? ResolvedTenantId { get; }

    /// <summary>Set while one of the audited cross-tenant jobs runs (see <see cref="TenantContext.AcrossTenants"/>).</summary>
    CrossTenantJob? CrossTenantJob { get; }
}

/// <summary>Scoped holder set once per request (middleware) or per command (CLI).</summary>
public sealed class TenantContext(ILogger<TenantContext>? logger = null) : ITenantContext
{
    private Guid? _tenantId;

    public Guid TenantId => _tenantId ?? throw new InvalidOperationException("No tenant has been resolved for this scope.");

    public Guid? ResolvedTenantId => _tenantId;

    public bool IsResolved => _tenantId is not null;

    public CrossTenantJob? CrossTenantJob { get; private set; }

    public void Set(Guid tenantId) => _tenantId = tenantId;

    /// <summary>
    /// Lets this scope's commands read and write every tenant's rows on PostgreSQL (row-level security) until disposed.
    /// Only for the jobs listed in <see cref="Database.CrossTenantJob"/>; the EF query filters still apply, so the code
    /// also says IgnoreQueryFilters, and its file is in the test project's TenantIsolationAllowList.
    /// </summary>
    public IDisposable AcrossTenants(CrossTenantJob job)
    {
        var outer = CrossTenantJob;
        CrossTenantJob = job;
        logger?.LogDebug("Acting across tenants for {CrossTenantJob}", job);
        return new Restore(this, outer);
    }

    private sealed class Restore(TenantContext context, CrossTenantJob? outer) : IDisposable
    {
        public void Dispose() => context.CrossTenantJob = outer;
    }
}

/// <summary>
/// The only reasons a scope may act across tenants. Each member is a reviewed exception to tenant isolation; adding one
/// is a security decision (say why in its comment, and list the file in TenantIsolationAllowList).
/// </summary>
public enum CrossTenantJob
{
    /// <summary>AuthSessionValidator: checks the access token's session before the tenant is resolved (it names the tenant).</summary>
    AuthSessionCheck,

    /// <summary>ApiKeyService: finds the key by its hash, which is what tells the tenant.</summary>
    ApiKeyLookup,

    /// <summary>StreamJanitor: deletes expired streams of every tenant.</summary>
    StreamJanitor,

    /// <summary>StreamRunner: one query for the stop flags of all streams running on this instance.</summary>
    StreamStopFlags,
}
