using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;

namespace SalesMate.Services.Conversations;

public sealed record ChatStart(Conversation Conversation, Message Greeting);

/// <summary>How a channel shapes a turn: voice asks for a short history window and a small max_tokens (seed 004).</summary>
public sealed record TurnShape(int? MaxOutputTokens, int? HistoryMessages);

/// <summary>Answers the turns of conversations that are in a mode of their own (issue 8 role-play); null for any other conversation.</summary>
public interface IConversationModeResponder
{
    Task<ISalesResponder?> ForAsync(Conversation conversation, CancellationToken cancellationToken);
}

public sealed record ChatTurn(Message UserMessage, Message AssistantMessage, ResponderReply Reply, double ResponseTimeMs);

/// <summary>
/// Runs a conversation. A turn has two phases so that streaming can outlive the request: <see cref="StageAsync"/>
/// validates the shopper's message and adds it to the unit of work; <see cref="GenerateAsync"/> streams the answer and
/// stores it (or the part produced before a stop or a failure). The non-streaming API runs both in one request.
/// </summary>
public sealed class ChatService(
    SalesMateDbContext db,
    ConversationStarter starter,
    TurnStager stager,
    TurnGenerator generator,
    InScopeTurnPhases phases,
    AnswerStore answers)
{
    public Task<ChatStart> StartAsync(VisitorSession session, string? shopperPersona, CancellationToken cancellationToken) =>
        starter.StartAsync(session, shopperPersona, cancellationToken);

    /// <summary>Validates the message, checks the session owns the conversation, and stores the shopper's message.</summary>
    public async Task<PreparedTurn> PrepareAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken)
    {
        var turn = await StageAsync(session, conversationId, text, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return turn;
    }

    /// <summary>As <see cref="PrepareAsync"/>, but the message is saved by the caller's next SaveChanges (with its own rows).</summary>
    public async Task<PreparedTurn> StageAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken) =>
        (await stager.StageAsync(session, conversationId, text, cancellationToken)).Turn;

    /// <summary>
    /// Streams the answer to a prepared turn and stores it, on this scope's DbContext (<see cref="TurnGenerator"/>).
    /// Cancelling <paramref name="cancellationToken"/> is the user's stop: the partial answer is stored as <c>stopped</c>.
    /// </summary>
    public IAsyncEnumerable<TurnUpdate> GenerateAsync(PreparedTurn turn, CancellationToken cancellationToken,
        Func<StopReason>? stopReason = null, TurnShape? shape = null) =>
        generator.GenerateAsync(turn, phases, cancellationToken, stopReason, shape);

    /// <summary>
    /// Both phases in one call, for the non-streaming API and the terminal chat. The shopper's message is saved with
    /// the answer (or the partial answer) in one transaction; if generation throws before either is stored, the
    /// message is saved on its own, as before.
    /// </summary>
    /// <param name="ownConversation">The conversation if the caller read it with the session (see <see cref="TurnStager"/>).</param>
    public async Task<ChatTurn> SendAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken,
        Conversation? ownConversation = null)
    {
        var staged = await stager.StageAsync(session, conversationId, text, cancellationToken, ownConversation);
        try
        {
            await foreach (var update in GenerateAsync(staged.Turn, cancellationToken))
            {
                switch (update)
                {
                    case TurnCompleted completed:
                        return new ChatTurn(staged.UserMessage, completed.AssistantMessage, completed.Reply, completed.ResponseTimeMs);
                    case TurnFailed failed:
                        throw new AssistantUnavailableException(failed.Detail);
                }
            }
            throw new AssistantUnavailableException("The assistant did not answer.");
        }
        finally
        {
            await answers.SaveIfUnsavedAsync(staged.UserMessage);
        }
    }
}
