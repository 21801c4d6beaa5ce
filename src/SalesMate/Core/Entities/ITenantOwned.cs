namespace SalesMate.Core.Entities;

/// <summary>Rows that belong to one tenant. The DbContext filters every query on these by the current tenant.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
