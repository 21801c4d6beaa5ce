namespace SalesMate.Core.Entities;

/// <summary>
/// Which agents a tenant runs (seed 003 <c>tenant_agents</c>), with their overrides. <c>sales</c> is the shopping
/// assistant; <c>trainer</c> coaches staff and plays customers in role-play (seed 004).
/// </summary>
public sealed class TenantAgent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>sales or trainer.</summary>
    public required string Agent { get; set; }
    public bool IsEnabled { get; set; } = true;
    public string? PersonaCode { get; set; }
    public string? Model { get; set; }
    public double? Temperature { get; set; }
    public int? MaxTokens { get; set; }

    /// <summary>Retrieval namespace; null means "{tenant slug}/{agent}".</summary>
    public string? RetrievalNamespace { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class Agents
{
    public const string Sales = "sales";
    public const string Trainer = "trainer";
    public static readonly string[] All = [Sales, Trainer];
}
