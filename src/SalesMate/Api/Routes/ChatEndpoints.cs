using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Conversations;
using SalesMate.Services.Streaming;
using SalesMate.Services.Tenancy;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

using SalesMate.Services.Auth;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/chat: start a conversation, send messages, read history, delete (seed 000 chat.py + history.py).</summary>
public static class ChatEndpoints
{
    public static RouteGroupBuilder MapChatEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/chat").WithTags("Chat");
        group.MapPost("/start", Start).WithName("StartChat");
        group.MapPost("/message", SendMessage).WithName("SendChatMessage");
        group.MapGet("/history", History).WithName("ChatHistory");
        group.MapGet("/{id:guid}/messages", Messages).WithName("ChatMessages");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteChat");
        return group;
    }

    public static async Task<Ok<StartChatResponse>> Start(StartChatRequest? request, HttpContext http, SessionManager sessions,
        ChatService chat, PersonaDemoSwitch personaDemo, Services.Users.AnonymousSessionMerger merger, SalesMateDbContext db,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request?.PersonaId) && !await personaDemo.IsOnAsync(cancellationToken))
        {
            throw new RequestValidationException("persona_id",
                "The shopper personas demo is turned off for this shop (demo.personas); start the chat without persona_id.");
        }
        var session = await sessions.FindAsync(SessionManager.TokenFrom(http), cancellationToken);
        string? newToken = null;
        if (session is null)
        {
            (session, newToken) = sessions.Create();
            sessions.WriteCookie(http, newToken);
        }
        else if (http.Request.Cookies[SessionManager.CookieName] is { Length: > 0 } cookie && cookie == SessionManager.TokenFrom(http))
        {
            sessions.WriteCookie(http, cookie); // the cookie's lifetime slides with the session's
        }
        // A signed-in visitor's chat belongs to the account from the first message, as after a sign-in.
        if (session.UserId is null && http.User.UserIdOrNull() is { } userId && await db.Users.FindAsync([userId], cancellationToken) is { } user)
        {
            await merger.AttachAsync(session, user, cancellationToken);
        }
        var started = await chat.StartAsync(session, request?.PersonaId, cancellationToken);
        return TypedResults.Ok(new StartChatResponse(started.Conversation.Id, started.Greeting.Content, started.Conversation.ShopperPersonaId,
            started.Greeting.Metadata.SuggestedActions, newToken));
    }

    public static async Task<Results<Ok<ChatMessageResponse>, ContentHttpResult>> SendMessage(ChatMessageRequest request, HttpContext http,
        SessionManager sessions, ChatService chat, IdempotencyStore idempotency, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        AgentContext agent, [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, CancellationToken cancellationToken)
    {
        Utils.TurnTimeline.Mark("endpoint.start");
        // With a conversation id, the session, its conversation and (PostgreSQL) its newest messages come in one query.
        var (session, own) = request.ConversationId is { } named && named != Guid.Empty
            ? await sessions.RequireWithConversationAsync(http, named, agent.Name, cancellationToken, withHistory: true)
            : (await sessions.RequireAsync(http, cancellationToken), null);
        Utils.TurnTimeline.Mark("endpoint.session");
        if (request.ConversationId is not { } conversationId || conversationId == Guid.Empty)
        {
            throw new RequestValidationException("conversation_id", "conversation_id is required (from POST /api/v1/chat/start).");
        }
        if (Idempotency.ValidKey(idempotencyKey) is not { } key)
        {
            return TypedResults.Ok(await AnswerAsync(session, conversationId, request.Message, chat, own, cancellationToken));
        }
        if (await idempotency.BeginAsync(session.Id, key, IdempotencyStore.HashOf(conversationId, request.Message), cancellationToken) is { } stored)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Content(stored.ResponseBody, "application/json", statusCode: stored.StatusCode ?? StatusCodes.Status200OK);
        }
        try
        {
            var answer = await AnswerAsync(session, conversationId, request.Message, chat, own, cancellationToken);
            await idempotency.CompleteAsync(session.Id, key, StatusCodes.Status200OK, JsonSerializer.Serialize(answer, json.Value.SerializerOptions));
            return TypedResults.Ok(answer);
        }
        catch
        {
            await idempotency.AbandonAsync(session.Id, key);
            throw;
        }
    }

    private static async Task<ChatMessageResponse> AnswerAsync(VisitorSession session, Guid conversationId, string? message, ChatService chat,
        Conversation? ownConversation, CancellationToken cancellationToken)
    {
        var turn = await chat.SendAsync(session, conversationId, message, cancellationToken, ownConversation);
        var reply = turn.Reply;
        return new ChatMessageResponse(
            turn.AssistantMessage.Id,
            conversationId,
            reply.Answer,
            reply.Products.Select(p => new ChatProduct(p.Product.Id, p.Product.Sku, p.Product.Name, p.Product.Brand, p.Product.Category,
                p.Product.Price, p.Product.Currency, p.Product.Stock > 0, p.Reason)).ToList(),
            turn.AssistantMessage.Metadata.Citations,
            reply.Intent,
            reply.SuggestedActions,
            reply.Confidence,
            turn.ResponseTimeMs)
        {
            Responder = reply.Responder,
            Degraded = reply.Degraded,
            Sentiment = reply.Pipeline?.Sentiment,
            Frustration = reply.Pipeline?.Frustration,
            Stage = reply.Pipeline?.Stage,
            Engagement = reply.Pipeline?.Engagement,
            Escalation = reply.Pipeline?.EscalationOffered ?? false,
            Escalated = reply.Pipeline?.Escalated ?? false,
        };
    }

    public static async Task<Ok<HistoryResponse>> History(HttpContext http, SessionManager sessions, ConversationRepository conversations,
        AgentContext agent, CancellationToken cancellationToken, int? limit = null)
    {
        if (limit is < 1 or > 100)
        {
            throw new RequestValidationException("limit", "limit must be between 1 and 100.");
        }
        var session = await sessions.RequireAsync(http, cancellationToken);
        var items = await conversations.ListForSessionAsync(session, limit ?? 50, cancellationToken, agent.Name);
        return TypedResults.Ok(new HistoryResponse(items.Select(ConversationResponse.From).ToList()));
    }

    public static async Task<Ok<MessagesResponse>> Messages(Guid id, HttpContext http, SessionManager sessions,
        ConversationRepository conversations, AgentContext agent, CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(http, cancellationToken);
        _ = await conversations.FindForSessionAsync(session, id, cancellationToken, agent.Name) ?? throw new NotFoundException("Conversation", id);
        var messages = await conversations.MessagesAsync(id, cancellationToken);
        return TypedResults.Ok(new MessagesResponse(id, messages.Select(MessageResponse.From).ToList()));
    }

    public static async Task<NoContent> Delete(Guid id, HttpContext http, SessionManager sessions, ConversationRepository conversations,
        AgentContext agent, CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(http, cancellationToken);
        if (!await conversations.DeleteForSessionAsync(session, id, cancellationToken, agent.Name))
        {
            throw new NotFoundException("Conversation", id);
        }
        return TypedResults.NoContent();
    }

}
