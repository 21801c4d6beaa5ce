using SalesMate.Core.Entities;

namespace SalesMate.Services.Conversations;

/// <summary>The usage_events rows of chat: conversation.started, chat.turn and its stopped/incomplete variants.</summary>
internal static class ChatUsage
{
    public static UsageEvent Event(string action, Guid sessionId, Guid conversationId, DateTime now, params (string Key, string Value)[] metadata) => new()
    {
        Id = Guid.CreateVersion7(),
        Action = action,
        SessionId = sessionId,
        ConversationId = conversationId,
        Metadata = metadata.ToDictionary(m => m.Key, m => m.Value),
        CreatedAt = now,
    };
}
