namespace SalesMate.Core.Entities;

/// <summary>One upstream model call with its cost (seed 003 <c>llm_requests</c>).</summary>
public sealed class LlmRequest : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? ConversationId { get; set; }
    public required string Purpose { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }
    public string? RequestBody { get; set; }
    public string? ResponseBody { get; set; }
    public int? PromptTokens { get; set; }
    public int? CompletionTokens { get; set; }
    public int? TotalTokens { get; set; }
    public bool TokensEstimated { get; set; }
    public decimal? UnitCostPrompt { get; set; }
    public decimal? UnitCostCompletion { get; set; }
    public decimal? ComputedCost { get; set; }
    public int? LatencyMs { get; set; }
    public int? TimeToFirstTokenMs { get; set; }
    public string Status { get; set; } = "ok";
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
}
