namespace SalesMate.Core.Entities;

/// <summary>The assistant's voice: a system prompt an admin edits (table <c>personas</c>, seed 003).</summary>
public sealed class AssistantPersona : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public required string SystemPrompt { get; set; }
    public bool IsDefault { get; set; }

    /// <summary>Model settings for answers in this persona's voice; null falls back to the tenant, then to llm.*.</summary>
    public string? Model { get; set; }
    public double? Temperature { get; set; }
    public int? MaxTokens { get; set; }
    public DateTime CreatedAt { get; set; }
}
