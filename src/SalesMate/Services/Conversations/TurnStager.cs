using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Tenancy;

namespace SalesMate.Services.Conversations;

/// <summary>A shopper's message added to the unit of work with its conversation (tracked), not yet saved.</summary>
public sealed record StagedTurn(PreparedTurn Turn, Conversation Conversation, Message UserMessage);

/// <summary>Validates a shopper's message, checks the session owns the conversation, and stages the message (the caller saves).</summary>
public sealed class TurnStager(
    SalesMateDbContext db,
    ConversationRepository conversations,
    AgentContext agents,
    SessionManager sessions,
    IOptions<ChatOptions> chatOptions,
    TimeProvider clock)
{
    /// <param name="ownConversation">The conversation when the caller already read it with the session (tracked, the session's
    /// own, with the current agent); otherwise it is looked up here under the full ownership rule.</param>
    public async Task<StagedTurn> StageAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken,
        Conversation? ownConversation = null)
    {
        var message = ValidMessage(text);
        var conversation = ownConversation is { } own && own.Id == conversationId && own.SessionId == session.Id && own.Agent == agents.Name
            ? own
            : await conversations.FindForSessionAsync(session, conversationId, cancellationToken, agents.Name)
              ?? throw new NotFoundException("Conversation", conversationId);
        if (await agents.FindAsync(conversation.Agent, cancellationToken) is not { IsEnabled: true })
        {
            throw new NotFoundException("Agent", conversation.Agent);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var userMessage = new Message
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Sequence = conversation.MessageCount + 1,
            Role = MessageRole.User,
            Content = message,
            CreatedAt = now,
        };
        conversation.Title ??= message.Length <= 60 ? message : message[..57] + "...";
        conversation.MessageCount += 1;
        conversation.UpdatedAt = now;
        conversation.LastMessageAt = now;
        db.Messages.Add(userMessage);
        return new StagedTurn(new PreparedTurn(conversation.Id, session.Id, userMessage.Id, Guid.CreateVersion7(), message)
        {
            UserMessageSequence = userMessage.Sequence,
            UserMessageCreatedAt = userMessage.CreatedAt,
            Conversation = (Conversation)db.Entry(conversation).CurrentValues.ToObject(),
            NewestMessages = sessions.NewestMessagesRead(conversation.Id),
            Tenant = sessions.TenantRowRead,
            SessionHasEmail = session.Email is not null,
            SessionFacts = sessions.SessionFactsRead(session.Id),
            SessionLead = sessions.SessionLeadRead(session.Id),
        }, conversation, userMessage);
    }

    private string ValidMessage(string? text)
    {
        var message = text?.Trim() ?? "";
        var max = chatOptions.Value.MaxMessageChars;
        if (message.Length == 0)
        {
            throw new RequestValidationException("message", "The message must not be empty.");
        }
        if (message.Length > max)
        {
            throw new TextTooLongException("message", max, message.Length);
        }
        return message;
    }
}
