using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Answers;

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
    TurnLoader loader,
    TurnKnowledgePlanner knowledgePlanner,
    AnswerStore answers,
    ISalesResponder responder,
    MessagePreprocessor preprocessor,
    SalesPipeline pipeline,
    IEnumerable<IConversationModeResponder> modeResponders,
    ILogger<ChatService> logger)
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
    /// Streams the answer to a prepared turn and stores it. Cancelling <paramref name="cancellationToken"/> is the
    /// user's stop: the partial answer is stored as <c>stopped</c>. A responder failure stores it as <c>incomplete</c>.
    /// </summary>
    public async IAsyncEnumerable<TurnUpdate> GenerateAsync(PreparedTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken,
        Func<StopReason>? stopReason = null, TurnShape? shape = null)
    {
        var started = Stopwatch.GetTimestamp();
        var accounting = new LlmAccountingBatch();
        var loaded = await loader.LoadAsync(turn, shape);
        var conversation = loaded.Conversation;

        // Pipeline step 2 (seed 001): the catalog's spellings ("whitfield" -> "Whitefield", "2bhk" -> "2BHK"), once,
        // before anything reads the message; the stored message stays as the shopper wrote it.
        var preprocessed = await preprocessor.PreprocessAsync(turn.Message, loaded.Catalog, loaded.TenantSettings, conversation.Id, accounting, cancellationToken);

        var context = new ResponderContext(loaded.Catalog, conversation.State, preprocessed.Text, loaded.Shopper, loaded.Assistant)
        {
            Preprocessed = preprocessed,
            ConversationId = conversation.Id,
            History = loaded.History,
            Overrides = ModelOverrides.For(loaded.Assistant, loaded.Agent, loaded.TenantSettings),
            TenantSettings = loaded.TenantSettings,
            Accounting = accounting,
            Profile = loaded.Profile,
            Summary = loaded.Summary?.Text,
            MaxOutputTokens = shape?.MaxOutputTokens,
        };
        var modeResponder = await ModeResponderAsync(conversation);
        var knowledge = modeResponder is null ? await knowledgePlanner.PlanAsync(context, conversation.Agent, loaded.Agent) : KnowledgePlan.None;
        context = context with { Knowledge = knowledge.Grounding };

        var text = new StringBuilder();
        var metaSent = false;
        double? firstTokenMs = null;
        // A near-identical question answered before (semantic answer cache) is replayed through the same pipeline.
        var answering = knowledge.CachedReply is { } cached ? new StoredReplyResponder(cached) : responder;
        // A conversation with a mode of its own (a role-play customer) answers in character, without the sales pipeline.
        var stream = modeResponder is not null ? modeResponder.StreamAsync(context, cancellationToken)
            : pipeline.StreamAsync(answering, context, conversation, cancellationToken);
        await using var updates = stream.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ResponderUpdate update = null!;
            string? failure = null;
            string? refusal = null;
            var stoppedByUser = false;
            try
            {
                if (await updates.MoveNextAsync())
                {
                    update = updates.Current;
                }
                else
                {
                    failure = "the responder ended without an answer";
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                stoppedByUser = true;
            }
            catch (AssistantUnavailableException unavailable)
            {
                refusal = unavailable.Message;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Responder failed in {ConversationId}", conversation.Id);
                failure = ex.Message;
            }
            if (refusal is not null)
            {
                var none = await answers.StorePartialAsync(conversation, turn, text.ToString(), "refused", accounting);
                yield return new TurnFailed(none, "unavailable", refusal, Retryable: false);
                yield break;
            }
            if (stoppedByUser)
            {
                var reason = stopReason?.Invoke() ?? StopReason.UserStop;
                var stopped = await answers.StorePartialAsync(conversation, turn, text.ToString(), reason.Code, accounting);
                yield return new TurnFailed(stopped, reason.Code, reason.Detail, reason.Retryable);
                yield break;
            }
            if (failure is not null)
            {
                var partial = await answers.StorePartialAsync(conversation, turn, text.ToString(), "incomplete", accounting);
                yield return new TurnFailed(partial, "incomplete", "The assistant could not finish this answer; your message is saved, so you can retry.", Retryable: true);
                yield break;
            }

            if (!metaSent)
            {
                metaSent = true;
                yield return new TurnMeta(turn.UserMessageId, turn.AssistantMessageId, (update as IntentUpdate)?.Intent)
                {
                    Signals = (update as IntentUpdate)?.Signals,
                };
            }
            switch (update)
            {
                case ProductsUpdate products:
                    yield return new TurnProducts(products.Products);
                    break;
                case SourcesUpdate sources:
                    yield return new TurnSources(sources.Sources);
                    break;
                case TextDelta delta:
                    firstTokenMs ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    text.Append(delta.Text);
                    yield return new TurnText(delta.Text);
                    break;
                case ReplyCompleted completed:
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    var stored = await answers.StoreAnswerAsync(loaded, turn, completed.Reply, elapsed, accounting, knowledge);
                    logger.LogInformation("Chat turn in {ConversationId}: intent {Intent}, {ProductCount} products, responder {Responder}, {LatencyMs} ms",
                        conversation.Id, completed.Reply.Intent, completed.Reply.Products.Count, completed.Reply.Responder, Math.Round(elapsed, 2));
                    yield return new TurnCompleted(stored, completed.Reply, Math.Round(elapsed, 2), firstTokenMs is { } ms ? Math.Round(ms, 2) : null);
                    yield break;
            }
        }
    }

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

    private async Task<ISalesResponder?> ModeResponderAsync(Conversation conversation)
    {
        foreach (var mode in modeResponders)
        {
            if (await mode.ForAsync(conversation, CancellationToken.None) is { } found)
            {
                return found;
            }
        }
        return null;
    }
}
