namespace SalesMate.Core.Entities;

/// <summary>An analytics event (seed 002 <c>usage_logs</c>): conversation started, chat turn, import, ...</summary>
public sealed class UsageEvent : ITenantOwned, IAppendOnly
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? SessionId { get; set; }
    public Guid? ConversationId { get; set; }
    public required string Action { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
