using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Middleware;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Services.Avatar;
using SalesMate.Services.Conversations;
using SalesMate.Services.Training;
using SalesMate.Services.Voice;

namespace SalesMate.Api.Routes;

public sealed record StartTrainingRequest(string? Mode, string? Persona);

public sealed record StartTrainingResponse(Guid ConversationId, string Mode, string? Persona, string Greeting, string? SessionToken);

/// <summary>
/// Voice and training (issue 8): the live voice socket, training/role-play conversations of the trainer agent with
/// scoring, and avatar sessions. Text turns of a training conversation go through /a/trainer/api/v1/chat/message.
/// </summary>
public static class VoiceEndpoints
{
    public static IEndpointRouteBuilder MapVoiceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/voice/live", Live).WithTags("Voice").WithName("VoiceLive");
        app.MapPost("/api/v1/training/start", StartTraining).WithTags("Training").WithName("StartTraining");
        app.MapPost("/api/v1/roleplay/{conversationId:guid}/score", Score).WithTags("Training").WithName("ScoreRolePlay");
        app.MapPost("/api/v1/avatar/session", AvatarSession).WithTags("Voice").WithName("CreateAvatarSession");
        return app;
    }

    /// <summary>Upgrades to a WebSocket for a caller with a chat session (X-Session-Token or cookie) or a signed-in account.</summary>
    public static async Task<IResult> Live(HttpContext http, SessionManager sessions, VoiceLiveSession voice, CancellationToken cancellationToken)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw new RequestValidationException("upgrade", "GET /api/v1/voice/live is a WebSocket: connect with a WebSocket client.");
        }
        var session = await CallerSessionAsync(http, sessions, cancellationToken);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await voice.RunAsync(socket, session, http.RequestAborted);
        return Results.Empty;
    }

    public static async Task<Ok<StartTrainingResponse>> StartTraining(StartTrainingRequest? request, HttpContext http, SessionManager sessions,
        TrainingService training, SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var session = await sessions.FindAsync(SessionManager.TokenFrom(http), cancellationToken);
        string? newToken = null;
        if (session is null)
        {
            (session, newToken) = sessions.Create();
            session.UserId = http.User.UserIdOrNull();
            sessions.WriteCookie(http, newToken);
        }
        var started = await training.StartAsync(session, request?.Mode, request?.Persona, cancellationToken);
        return TypedResults.Ok(new StartTrainingResponse(started.Conversation.Id, started.Training.Mode, started.Training.Profile, started.Greeting, newToken));
    }

    public static async Task<Ok<RolePlayReport>> Score(Guid conversationId, HttpContext http, SessionManager sessions, TrainingService training,
        CancellationToken cancellationToken)
    {
        var session = await CallerSessionAsync(http, sessions, cancellationToken);
        return TypedResults.Ok(await training.ScoreAsync(session, conversationId, cancellationToken));
    }

    /// <summary>An avatar session token for the voice page; <c>{"provider": "none"}</c> when no avatar provider is configured.</summary>
    public static async Task<Ok<AvatarSession>> AvatarSession(HttpContext http, SessionManager sessions, IAvatarProvider avatars,
        CancellationToken cancellationToken)
    {
        _ = await CallerSessionAsync(http, sessions, cancellationToken);
        return TypedResults.Ok(await avatars.CreateSessionAsync(cancellationToken));
    }

    private static async Task<VisitorSession> CallerSessionAsync(HttpContext http, SessionManager sessions, CancellationToken cancellationToken)
    {
        var fromCookie = http.Request.Headers[SessionManager.HeaderName].Count == 0;
        if (await sessions.FindAsync(SessionManager.TokenFrom(http), cancellationToken) is { } session)
        {
            // A WebSocket GET is not covered by the CSRF middleware: a cookie only counts from this site or an allowed origin.
            if (fromCookie && http.WebSockets.IsWebSocketRequest && !CsrfProtection.IsAllowedOrigin(http))
            {
                throw new CsrfRejectedException("Cross-site WebSocket refused", "The voice socket authenticated by a cookie must be opened from this site.");
            }
            return session;
        }
        if (http.User.UserIdOrNull() is { } userId)
        {
            // A signed-in account without a chat session gets one, like the chat does on start.
            var (created, _) = sessions.Create();
            created.UserId = userId;
            await http.RequestServices.GetRequiredService<SalesMateDbContext>().SaveChangesAsync(cancellationToken);
            return created;
        }
        throw new SessionRequiredException();
    }
}
