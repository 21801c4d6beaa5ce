namespace SalesMate.Core.Entities;

public sealed class ConversationSummary : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ConversationId { get; set; }
    public required string Summary { get; set; }
    public int MessagesIncluded { get; set; }
    public DateTime CreatedAt { get; set; }
}
