namespace SalesMate.Core.Entities;

public sealed class Message : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ConversationId { get; set; }

    /// <summary>Position in the conversation (1 = greeting); unique per conversation, so concurrent writers cannot interleave a turn.</summary>
    public int Sequence { get; set; }
    public required string Role { get; set; }
    public required string Content { get; set; }
    public MessageMetadata Metadata { get; set; } = new();
    public DateTime CreatedAt { get; set; }
}

public static class MessageRole
{
    public const string User = "user";
    public const string Assistant = "assistant";
    public const string System = "system";
}

/// <summary>Everything the answer was built from (JSON column): products shown, citations, intent, scores.</summary>
public sealed record MessageMetadata
{
    public string? Intent { get; init; }
    public double? Confidence { get; init; }
    public IReadOnlyList<ShownProduct> Products { get; init; } = [];
    public IReadOnlyList<Citation> Citations { get; init; } = [];
    public IReadOnlyList<string> SuggestedActions { get; init; } = [];
    public string? Responder { get; init; }

    /// <summary>voice when the message was spoken or read aloud on the live voice socket; null for text.</summary>
    public string? Channel { get; init; }

    /// <summary>Length of the spoken audio (the trainee's utterance, or the synthesized answer), in milliseconds.</summary>
    public double? AudioDurationMs { get; init; }

    /// <summary>completed, stopped (the user pressed stop) or incomplete (the provider failed mid-answer).</summary>
    public string? Status { get; init; }

    /// <summary>True when the answer came from the local responder because the configured provider was unavailable.</summary>
    public bool Degraded { get; init; }
    public string? Model { get; init; }
    public double? ResponseTimeMs { get; init; }

    /// <summary>positive, neutral, negative, frustrated or excited (the shopper's message this answers).</summary>
    public string? Sentiment { get; init; }

    /// <summary>The conversation's frustration after the shopper's message, 0-10.</summary>
    public int? Frustration { get; init; }

    /// <summary>awareness, consideration or decision after this turn.</summary>
    public string? Stage { get; init; }

    /// <summary>0-10 after this turn.</summary>
    public double? Engagement { get; init; }

    /// <summary>This answer offered a human (callback or contact) and flagged the conversation for sales.</summary>
    public bool EscalationOffered { get; init; }

    /// <summary>Coaching nudges added to this answer ("visit", "urgency:…").</summary>
    public IReadOnlyList<string> Nudges { get; init; } = [];

    /// <summary>Milliseconds per pipeline step (<c>classify_ms</c>, <c>sentiment_ms</c>, <c>respond_ms</c>, …).</summary>
    public IReadOnlyDictionary<string, double> Steps { get; init; } = new Dictionary<string, double>();
}

public sealed record ShownProduct(Guid Id, string Sku, string Name, decimal Price, string Currency, string Reason, double Score);

/// <summary>
/// A source an answer cites (stored in the messages' JSON metadata and sent as <c>sources</c>). <see cref="SourceId"/> is
/// the cited passage (chunk id); <see cref="Number"/> is the [n] marker the answer text uses for it. The properties after
/// the constructor were added later and are absent (null) in older rows.
/// </summary>
public sealed record Citation(string SourceId, string Title, string? Section, string Snippet, string? Url)
{
    public Guid? DocumentId { get; init; }
    public int? Page { get; init; }
    public int? Number { get; init; }
}
