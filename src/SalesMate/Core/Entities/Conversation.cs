namespace SalesMate.Core.Entities;

public sealed class Conversation : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SessionId { get; set; }
    public Guid? UserId { get; set; }
    public Guid? AssistantPersonaId { get; set; }
    public Guid? ShopperPersonaId { get; set; }

    /// <summary>The agent (sales, trainer) the conversation was started with; it is only continued under that agent.</summary>
    public string Agent { get; set; } = Agents.Sales;
    public string? Title { get; set; }
    public string Status { get; set; } = ConversationStatus.Active;

    /// <summary>What the assistant remembers between turns: filters, last products shown (JSON column).</summary>
    public ConversationState State { get; set; } = new();

    public int MessageCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastMessageAt { get; set; }

    /// <summary>Set once, atomically, by the instance that writes and emails the final summary after inactivity.</summary>
    public DateTime? SummarizedAt { get; set; }

    /// <summary>
    /// The last message sequence the latest rolling summary covers, 0 when there is none. Kept by database triggers on
    /// conversation_summaries (migration 0025), never written by the app.
    /// </summary>
    public int RollingSummaryThrough { get; set; }

    public List<Message> Messages { get; set; } = [];
}

public static class ConversationStatus
{
    public const string Active = "active";
    public const string Closed = "closed";
}
