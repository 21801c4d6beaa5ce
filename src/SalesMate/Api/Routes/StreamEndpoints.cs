using System.Globalization;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;
using SalesMate.Services.Streaming;
using SalesMate.Services.Tenancy;

namespace SalesMate.Api.Routes;

public sealed record CreateStreamRequest(Guid? ConversationId, string? Message);

public sealed record StreamChatRequest(string? Message);

public sealed record CreateStreamResponse(string StreamId, string EventsUrl, bool Replayed);

/// <summary>
/// Streaming answers as server-sent events (seed 003): POST /api/v1/streams then GET /events/stream?stream_id=...,
/// or POST /api/v1/chat/{id}/stream for a direct stream. Events: meta, products, sources, token, done | error.
/// </summary>
public static class StreamEndpoints
{
    public static IEndpointRouteBuilder MapStreamEndpoints(this IEndpointRouteBuilder app)
    {
        var streams = app.MapGroup("/api/v1/streams").WithTags("Streaming");
        streams.MapPost("/", Create).WithName("CreateStream");
        streams.MapPost("/{streamId}/cancel", Cancel).WithName("CancelStream");
        app.MapGet("/events/stream", Events).WithTags("Streaming").WithName("StreamEvents");
        app.MapPost("/api/v1/chat/{conversationId:guid}/stream", StreamChat).WithTags("Streaming").WithName("StreamChat");
        return app;
    }

    public static async Task<Ok<CreateStreamResponse>> Create(CreateStreamRequest request, HttpContext http, SessionManager sessions,
        StreamService streams, AgentContext agent, [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, SalesMateDbContext db,
        CancellationToken cancellationToken)
    {
        await using var held = await HeldConnection.OpenAsync(db, cancellationToken); // the save needs no SET of its own
        var (session, own) = request.ConversationId is { } named && named != Guid.Empty
            ? await sessions.RequireWithConversationAsync(http, named, agent.Name, cancellationToken, withHistory: true)
            : (await sessions.RequireAsync(http, cancellationToken), null);
        if (request.ConversationId is not { } conversationId || conversationId == Guid.Empty)
        {
            throw new RequestValidationException("conversation_id", "conversation_id is required (from POST /api/v1/chat/start).");
        }
        var created = await streams.CreateAsync(session, conversationId, request.Message, idempotencyKey, cancellationToken, own);
        return TypedResults.Ok(new CreateStreamResponse(created.Token, $"{http.Request.PathBase}/events/stream?stream_id={Uri.EscapeDataString(created.Token)}", created.Replayed));
    }

    /// <remarks>
    /// The response lives as long as the stream, so the session and stream are looked up in a short-lived scope: an open
    /// stream holds no DbContext (the reader opens one only if it must replay from the database).
    /// </remarks>
    public static async Task<SseEventsResult> Events(HttpContext http, IServiceScopeFactory scopes, TenantContext tenant,
        StreamEventReader reader, [FromQuery(Name = "stream_id")] string? streamId, CancellationToken cancellationToken,
        [FromQuery(Name = "last_event_id")] string? lastEventIdQuery = null)
    {
        Guid id;
        await using (var lookup = scopes.CreateAsyncScope())
        {
            lookup.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant.TenantId);
            var session = await lookup.ServiceProvider.GetRequiredService<SessionManager>().RequireAsync(http, cancellationToken);
            id = (await lookup.ServiceProvider.GetRequiredService<StreamService>().FindAsync(session, streamId, cancellationToken)).Id;
        }
        var after = LastEventId(http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventIdQuery);
        return new SseEventsResult(reader.ReadAsync(id, after, cancellationToken));
    }

    public static async Task<SseEventsResult> StreamChat(Guid conversationId, StreamChatRequest request, HttpContext http,
        SessionManager sessions, StreamService streams, StreamEventReader reader, AgentContext agent,
        [FromHeader(Name = Idempotency.Header)] string? idempotencyKey, SalesMateDbContext db, CancellationToken cancellationToken)
    {
        Utils.TurnTimeline.Mark("endpoint.start");
        CreatedStream created;
        // Held until the stream is stored, not while it is read: the save needs no row-level-security SET of its own.
        await using (await HeldConnection.OpenAsync(db, cancellationToken))
        {
            Utils.TurnTimeline.Mark("endpoint.held");
            // The session and its conversation in one query: a round trip fewer before the answer starts.
            var (session, conversation) = await sessions.RequireWithConversationAsync(http, conversationId, agent.Name, cancellationToken, withHistory: true);
            Utils.TurnTimeline.Mark("endpoint.session");
            created = await streams.CreateAsync(session, conversationId, request.Message, idempotencyKey, cancellationToken, conversation);
            Utils.TurnTimeline.Mark("endpoint.stored");
        }
        var after = LastEventId(http.Request.Headers["Last-Event-ID"].FirstOrDefault());
        return new SseEventsResult(reader.ReadAsync(created.Stream.Id, after, cancellationToken));
    }

    public static async Task<Accepted> Cancel(string streamId, HttpContext http, SessionManager sessions, StreamService streams,
        CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(http, cancellationToken);
        await streams.CancelAsync(session, streamId, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    private static int LastEventId(string? value) =>
        value is null ? 0
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id >= 0 ? id
        : throw new RequestValidationException("Last-Event-ID", "Last-Event-ID must be the id of an event of this stream (a whole number).");

}
