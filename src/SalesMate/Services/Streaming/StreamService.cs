using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Conversations;

namespace SalesMate.Services.Streaming;

public sealed record CreatedStream(ChatStream Stream, string Token, bool Replayed);

/// <summary>Creates streams (once per Idempotency-Key), finds them for their session, and stops them.</summary>
public sealed class StreamService(
    SalesMateDbContext db,
    TurnStager stager,
    StreamRunner runner,
    StreamTokens tokens,
    IOptions<StreamingOptions> options,
    TimeProvider clock)
{
    /// <param name="ownConversation">The conversation if the caller read it with the session (see <see cref="TurnStager"/>).</param>
    public async Task<CreatedStream> CreateAsync(VisitorSession session, Guid conversationId, string? message, string? idempotencyKey,
        CancellationToken cancellationToken, Conversation? ownConversation = null)
    {
        if (!runner.Accepting)
        {
            throw new AssistantUnavailableException("The server is shutting down; retry in a moment.");
        }
        var key = Idempotency.ValidKey(idempotencyKey);
        var hash = Idempotency.Hash(conversationId.ToString(), message ?? "");
        if (key is not null)
        {
            var existing = await db.ChatStreams.AsNoTracking()
                .FirstOrDefaultAsync(s => s.SessionId == session.Id && s.IdempotencyKey == key, cancellationToken);
            if (existing is not null)
            {
                return existing.RequestHash == hash
                    ? new CreatedStream(existing, tokens.Sign(existing.Id, session.Id), Replayed: true)
                    : throw new IdempotencyMismatchException();
            }
        }

        // The stream row, the shopper's message and the conversation update are one transaction: a concurrent duplicate
        // of the idempotency key fails as a whole (409) and stores no second message.
        Utils.TurnTimeline.Mark("stream.checked");
        var turn = (await stager.StageAsync(session, conversationId, message, cancellationToken, ownConversation)).Turn;
        var now = clock.GetUtcNow().UtcDateTime;
        var stream = new ChatStream
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            SessionId = session.Id,
            UserMessageId = turn.UserMessageId,
            AssistantMessageId = turn.AssistantMessageId,
            // Generation starts right after the commit, on this instance.
            Status = ChatStreamStatus.Running,
            IdempotencyKey = key,
            RequestHash = hash,
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(options.Value.ReplayWindowMinutes).AddHours(1),
        };
        db.ChatStreams.Add(stream);
        var token = tokens.Sign(stream.Id, session.Id);
        // The generation reads what the turn is answered from while this commit runs, and calls the model only after it
        // succeeded; if it fails (a concurrent duplicate key: 409), the generation ends without storing or sending anything.
        Utils.TurnTimeline.Mark("stream.staged");
        var tenantId = db.CurrentTenantId; // read before the commit has the context
        var stored = StoreQuestionAsync(cancellationToken);
        runner.Start(tenantId, stream.Id, token, turn, stored);
        Utils.TurnTimeline.Mark("stream.started");
        await stored;
        return new CreatedStream(stream, token, Replayed: false);
    }

    /// <summary>
    /// The commit, under way when this returns, so that this thread goes on to plan the turn (<see cref="StreamRunner.Start"/>).
    /// SQLite runs a save synchronously, so it moves to another thread; PostgreSQL's returns when the command is sent.
    /// The three rows go as one command (<see cref="SingleCommandSave"/>), which costs a fraction of SaveChanges' CPU.
    /// </summary>
    private Task StoreQuestionAsync(CancellationToken cancellationToken) => db.IsPostgres
        ? SaveQuestionAsync(cancellationToken)
        : Task.Run(() => SaveQuestionAsync(cancellationToken), CancellationToken.None);

    private async Task SaveQuestionAsync(CancellationToken cancellationToken)
    {
        Utils.TurnTimeline.Mark("question.save");
        if (!await SingleCommandSave.TrySaveAsync(db, cancellationToken))
        {
            await OneBatchSave.SaveAsync(db, cancellationToken);
        }
        Utils.TurnTimeline.Mark("question.saved");
    }

    public async Task<ChatStream> FindAsync(VisitorSession session, string? token, CancellationToken cancellationToken)
    {
        var id = tokens.Verify(token, session.Id) ?? throw new NotFoundException("Stream", token ?? "");
        var stream = await db.ChatStreams.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.SessionId == session.Id, cancellationToken);
        // Past its replay window a stream is gone, even before the janitor deletes it.
        return stream is not null && stream.ExpiresAt >= clock.GetUtcNow().UtcDateTime
            ? stream
            : throw new NotFoundException("Stream", token ?? "");
    }

    /// <summary>The user's stop: cancels the upstream call wherever it runs; the partial answer is stored as stopped.</summary>
    public async Task CancelAsync(VisitorSession session, string? token, CancellationToken cancellationToken)
    {
        var stream = await FindAsync(session, token, cancellationToken);
        await db.ChatStreams.Where(s => s.Id == stream.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CancelRequested, true), cancellationToken);
        runner.CancelLocal(stream.Id);
    }
}

public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public static string? ValidKey(string? key) => key switch
    {
        null or "" => null,
        { Length: > 200 } => throw new RequestValidationException(Header, "Idempotency-Key must be at most 200 characters."),
        _ => key,
    };

    public static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts))));
}
