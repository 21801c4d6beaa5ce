using System.Diagnostics;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Llm;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Services.Conversations;

public sealed record ChatStart(Conversation Conversation, Message Greeting);

public sealed record ChatTurn(Message UserMessage, Message AssistantMessage, ResponderReply Reply, double ResponseTimeMs);

/// <summary>Runs a conversation: start with a greeting, then for each message answer, remember and store both sides.</summary>
public sealed class ChatService(
    SalesMateDbContext db,
    CatalogIndex catalogIndex,
    ConversationRepository conversations,
    PersonaRepository personas,
    ISalesResponder responder,
    IOptions<ChatOptions> chatOptions,
    TimeProvider clock,
    ILogger<ChatService> logger)
{
    public async Task<ChatStart> StartAsync(VisitorSession session, string? shopperPersona, CancellationToken cancellationToken)
    {
        ShopperPersona? shopper = null;
        if (!string.IsNullOrWhiteSpace(shopperPersona))
        {
            shopper = await personas.FindShopperAsync(shopperPersona.Trim(), cancellationToken)
                      ?? throw new NotFoundException("Persona", shopperPersona.Trim());
        }
        var assistant = await personas.FindAssistantAsync(null, cancellationToken);
        var catalog = await catalogIndex.GetAsync(db, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(),
            SessionId = session.Id,
            ShopperPersonaId = shopper?.Id,
            AssistantPersonaId = assistant?.Id,
            CreatedAt = now,
            UpdatedAt = now,
            LastMessageAt = now,
            MessageCount = 1,
        };
        var greeting = await responder.RespondAsync(new ResponderContext(catalog, conversation.State, "hello", shopper, assistant), cancellationToken);
        var message = new Message
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Sequence = 1,
            Role = MessageRole.Assistant,
            Content = greeting.Answer,
            Metadata = new MessageMetadata { Intent = Intents.Greeting, SuggestedActions = [.. greeting.SuggestedActions], Responder = responder.Name },
            CreatedAt = now,
        };
        db.Conversations.Add(conversation);
        db.Messages.Add(message);
        db.UsageEvents.Add(Usage("conversation.started", session.Id, conversation.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Conversation {ConversationId} started", conversation.Id);
        return new ChatStart(conversation, message);
    }

    public async Task<ChatTurn> SendAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var message = ValidMessage(text);
        var conversation = await conversations.FindForSessionAsync(session.Id, conversationId, cancellationToken)
                           ?? throw new NotFoundException("Conversation", conversationId);
        var catalog = await catalogIndex.GetAsync(db, cancellationToken);
        var shopper = conversation.ShopperPersonaId is { } shopperId ? await personas.FindShopperAsync(shopperId, cancellationToken) : null;

        var reply = await responder.RespondAsync(new ResponderContext(catalog, conversation.State, message, shopper, null), cancellationToken);

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
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var assistantMessage = new Message
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Sequence = conversation.MessageCount + 2,
            Role = MessageRole.Assistant,
            Content = reply.Answer,
            Metadata = new MessageMetadata
            {
                Intent = reply.Intent,
                Confidence = reply.Confidence,
                Products = reply.Products.Select(p => new ShownProduct(p.Product.Id, p.Product.Sku, p.Product.Name,
                    p.Product.Price, p.Product.Currency, p.Reason, p.Score)).ToList(),
                SuggestedActions = [.. reply.SuggestedActions],
                Responder = responder.Name,
                ResponseTimeMs = Math.Round(elapsed, 2),
            },
            CreatedAt = now,
        };
        conversation.State = reply.State;
        conversation.Title ??= message.Length <= 60 ? message : message[..57] + "...";
        conversation.MessageCount += 2;
        conversation.UpdatedAt = now;
        conversation.LastMessageAt = now;
        db.Messages.AddRange(userMessage, assistantMessage);
        db.UsageEvents.Add(Usage("chat.turn", session.Id, conversation.Id, now, ("intent", reply.Intent)));
        await db.SaveChangesAsync(cancellationToken);

        var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        logger.LogInformation("Chat turn in {ConversationId}: intent {Intent}, {ProductCount} products, {LatencyMs} ms",
            conversation.Id, reply.Intent, reply.Products.Count, Math.Round(total, 2));
        return new ChatTurn(userMessage, assistantMessage, reply, Math.Round(total, 2));
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
            throw new RequestValidationException("message", $"The message must be at most {max} characters; it has {message.Length}.");
        }
        return message;
    }

    private static UsageEvent Usage(string action, Guid sessionId, Guid conversationId, DateTime now, params (string Key, string Value)[] metadata) => new()
    {
        Id = Guid.CreateVersion7(),
        Action = action,
        SessionId = sessionId,
        ConversationId = conversationId,
        Metadata = metadata.ToDictionary(m => m.Key, m => m.Value),
        CreatedAt = now,
    };
}
