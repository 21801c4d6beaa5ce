namespace SalesMate.Database;

/// <summary>The tenant the current request or command acts for. Every tenant-owned query is filtered by it.</summary>
public interface ITenantContext
{
    Guid TenantId { get; }
}

/// <summary>Scoped holder set once per request (middleware) or per command (CLI).</summary>
public sealed class TenantContext : ITenantContext
{
    private Guid? _tenantId;

    public Guid TenantId => _tenantId ?? throw new InvalidOperationException("No tenant has been resolved for this scope.");

    public bool IsResolved => _tenantId is not null;

    public void Set(Guid tenantId) => _tenantId = tenantId;
}
