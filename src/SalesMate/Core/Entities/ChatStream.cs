namespace SalesMate.Core.Entities;

/// <summary>
/// One answer being generated (seed 003's POST-then-GET stream). Its state and events live in the database, so any
/// instance can replay it and a client that disconnects does not lose the answer.
/// </summary>
public sealed class ChatStream : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ConversationId { get; set; }
    public Guid SessionId { get; set; }

    /// <summary>The shopper's message, stored before generation starts.</summary>
    public Guid? UserMessageId { get; set; }
    public Guid? AssistantMessageId { get; set; }
    public string Status { get; set; } = ChatStreamStatus.Pending;
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public bool CancelRequested { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>Until when the events can be replayed with Last-Event-ID.</summary>
    public DateTime ExpiresAt { get; set; }
}

public static class ChatStreamStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Stopped = "stopped";
    public const string Incomplete = "incomplete";
    public const string Failed = "failed";

    public static bool IsFinal(string status) => status is Completed or Stopped or Incomplete or Failed;
}

/// <summary>One SSE event of a stream, numbered from 1; the number is the SSE id used for Last-Event-ID replay.</summary>
public sealed class StreamEvent : ITenantOwned
{
    public Guid StreamId { get; set; }
    public int Sequence { get; set; }
    public Guid TenantId { get; set; }
    public required string Event { get; set; }
    public required string Data { get; set; }
    public DateTime CreatedAt { get; set; }
}
