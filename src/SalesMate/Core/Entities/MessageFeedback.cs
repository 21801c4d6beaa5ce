namespace SalesMate.Core.Entities;

/// <summary>
/// A shopper's verdict on one assistant answer (seed 004): thumbs up/down and "report inaccurate answer" with an
/// optional note, one row per answer and chat session (changing the verdict updates it). Read by admins.
/// </summary>
public sealed class MessageFeedback : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid MessageId { get; set; }
    public Guid ConversationId { get; set; }
    public Guid? SessionId { get; set; }

    /// <summary>1 (thumbs up), -1 (thumbs down) or 0 (no rating, e.g. only a report).</summary>
    public int Rating { get; set; }
    public bool Inaccurate { get; set; }
    public string? Comment { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
