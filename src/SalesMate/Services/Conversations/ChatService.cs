using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm;
using SalesMate.Services.Rag.Answers;
using SalesMate.Services.Tenancy;
using SalesMate.Vector;

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
/// Runs a conversation. A turn has two phases so that streaming can outlive the request: <see cref="PrepareAsync"/>
/// validates and stores the shopper's message; <see cref="GenerateAsync"/> streams the answer and stores it (or the
/// part produced before a stop or a failure). The non-streaming API runs both in one request.
/// </summary>
public sealed class ChatService(
    SalesMateDbContext db,
    CatalogIndex catalogIndex,
    ConversationRepository conversations,
    PersonaRepository personas,
    AgentContext agents,
    ISalesResponder responder,
    LocalSalesResponder localResponder,
    IOptions<ChatOptions> chatOptions,
    IEnumerable<ITurnObserver> turnObservers,
    MessagePreprocessor preprocessor,
    KnowledgeAnswers knowledgeAnswers,
    SalesPipeline pipeline,
    Profiles.ProfileFactStore profileFacts,
    Summaries.RollingSummaries rollingSummaries,
    IEnumerable<IConversationModeResponder> modeResponders,
    TimeProvider clock,
    ILogger<ChatService> logger)
{
    private const int HistoryTurns = 10;

    public async Task<ChatStart> StartAsync(VisitorSession session, string? shopperPersona, CancellationToken cancellationToken)
    {
        ShopperPersona? shopper = null;
        if (!string.IsNullOrWhiteSpace(shopperPersona))
        {
            shopper = await personas.FindShopperAsync(shopperPersona.Trim(), cancellationToken)
                      ?? throw new NotFoundException("Persona", shopperPersona.Trim());
        }
        var agent = await agents.CurrentAsync(cancellationToken);
        if (!agent.IsEnabled)
        {
            throw new NotFoundException("Agent", agent.Agent);
        }
        var assistant = await AssistantOfAsync(agent, cancellationToken);
        var catalog = await catalogIndex.GetAsync(db, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(),
            SessionId = session.Id,
            UserId = session.UserId,
            ShopperPersonaId = shopper?.Id,
            AssistantPersonaId = assistant?.Id,
            Agent = agent.Agent,
            CreatedAt = now,
            UpdatedAt = now,
            LastMessageAt = now,
            MessageCount = 1,
        };
        // The greeting never needs a model: it comes from the local rules whatever the provider.
        var greeting = await localResponder.RespondAsync(new ResponderContext(catalog, conversation.State, "hello", shopper, assistant), cancellationToken);
        var message = new Message
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            Sequence = 1,
            Role = MessageRole.Assistant,
            Content = greeting.Answer,
            Metadata = new MessageMetadata { Intent = Intents.Greeting, SuggestedActions = [.. greeting.SuggestedActions], Responder = "local", Status = "completed" },
            CreatedAt = now,
        };
        db.Conversations.Add(conversation);
        db.Messages.Add(message);
        db.UsageEvents.Add(Usage("conversation.started", session.Id, conversation.Id, now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Conversation {ConversationId} started", conversation.Id);
        return new ChatStart(conversation, message);
    }

    /// <summary>Validates the message, checks the session owns the conversation, and stores the shopper's message.</summary>
    public async Task<PreparedTurn> PrepareAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken)
    {
        var turn = await StageAsync(session, conversationId, text, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return turn;
    }

    /// <summary>As <see cref="PrepareAsync"/>, but the message is saved by the caller's next SaveChanges (with its own rows).</summary>
    public async Task<PreparedTurn> StageAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken)
    {
        var message = ValidMessage(text);
        var conversation = await conversations.FindForSessionAsync(session, conversationId, cancellationToken, agents.Name)
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
        return new PreparedTurn(conversation.Id, session.Id, userMessage.Id, Guid.CreateVersion7(), message);
    }

    /// <summary>
    /// Streams the answer to a prepared turn and stores it. Cancelling <paramref name="cancellationToken"/> is the
    /// user's stop: the partial answer is stored as <c>stopped</c>. A responder failure stores it as <c>incomplete</c>.
    /// </summary>
    public async IAsyncEnumerable<TurnUpdate> GenerateAsync(PreparedTurn turn, [EnumeratorCancellation] CancellationToken cancellationToken,
        Func<StopReason>? stopReason = null, TurnShape? shape = null)
    {
        var started = Stopwatch.GetTimestamp();
        var accounting = new Services.Llm.Gateway.LlmAccountingBatch();
        // Already tracked when the turn was prepared in this scope (the non-streaming API): no query then.
        var conversation = await db.Conversations.FindAsync([turn.ConversationId], CancellationToken.None)
                           ?? throw new NotFoundException("Conversation", turn.ConversationId);
        var (catalog, tenantSettings) = await catalogIndex.GetWithSettingsAsync(db, CancellationToken.None);
        var shopper = conversation.ShopperPersonaId is { } shopperId ? await personas.FindShopperAsync(shopperId, CancellationToken.None) : null;
        var assistant = await personas.FindAssistantAsync(conversation.AssistantPersonaId, CancellationToken.None);
        // Messages a rolling summary covers reach the model as that summary, not verbatim.
        var summary = await rollingSummaries.LatestAsync(conversation.Id, CancellationToken.None);
        var summarizedThrough = summary?.ThroughSequence ?? 0;
        var history = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversation.Id && m.Id != turn.UserMessageId && m.Sequence > summarizedThrough)
            .OrderByDescending(m => m.Sequence).Take(shape?.HistoryMessages ?? HistoryTurns * 2)
            .ToListAsync(CancellationToken.None);
        history.Reverse();

        // Pipeline step 2 (seed 001): the catalog's spellings ("whitfield" -> "Whitefield", "2bhk" -> "2BHK"), once,
        // before anything reads the message; the stored message stays as the shopper wrote it.
        var preprocessed = await preprocessor.PreprocessAsync(turn.Message, catalog, tenantSettings, conversation.Id, accounting, cancellationToken);

        var agent = await agents.FindAsync(conversation.Agent, CancellationToken.None);
        var context = new ResponderContext(catalog, conversation.State, preprocessed.Text, shopper, assistant)
        {
            Preprocessed = preprocessed,
            ConversationId = conversation.Id,
            History = history,
            Overrides = ModelOverrides.For(assistant, agent, tenantSettings),
            TenantSettings = tenantSettings,
            Accounting = accounting,
            Profile = await profileFacts.LoadAsync(Profiles.FactOwner.Of(conversation), CancellationToken.None),
            Summary = summary?.Text,
            MaxOutputTokens = shape?.MaxOutputTokens,
        };
        var modeResponder = await ModeResponderAsync(conversation);
        var knowledge = modeResponder is null ? await KnowledgePlanAsync(context, conversation.Agent, agent) : KnowledgePlan.None;
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
                var none = await StorePartialAsync(conversation, turn, text.ToString(), "refused", accounting);
                yield return new TurnFailed(none, "unavailable", refusal, Retryable: false);
                yield break;
            }
            if (stoppedByUser)
            {
                var reason = stopReason?.Invoke() ?? StopReason.UserStop;
                var stopped = await StorePartialAsync(conversation, turn, text.ToString(), reason.Code, accounting);
                yield return new TurnFailed(stopped, reason.Code, reason.Detail, reason.Retryable);
                yield break;
            }
            if (failure is not null)
            {
                var partial = await StorePartialAsync(conversation, turn, text.ToString(), "incomplete", accounting);
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
                    var stored = await StoreAnswerAsync(conversation, turn, completed.Reply, elapsed, accounting, knowledge, catalog, tenantSettings);
                    logger.LogInformation("Chat turn in {ConversationId}: intent {Intent}, {ProductCount} products, responder {Responder}, {LatencyMs} ms",
                        conversation.Id, completed.Reply.Intent, completed.Reply.Products.Count, completed.Reply.Responder, Math.Round(elapsed, 2));
                    yield return new TurnCompleted(stored, completed.Reply, Math.Round(elapsed, 2), firstTokenMs is { } ms ? Math.Round(ms, 2) : null);
                    yield break;
            }
        }
    }

    /// <summary>Both phases in one call, for the non-streaming API and the terminal chat.</summary>
    public async Task<ChatTurn> SendAsync(VisitorSession session, Guid conversationId, string? text, CancellationToken cancellationToken)
    {
        var turn = await PrepareAsync(session, conversationId, text, cancellationToken);
        var userMessage = await db.Messages.FindAsync([turn.UserMessageId], cancellationToken)
                          ?? throw new NotFoundException("Message", turn.UserMessageId);
        await foreach (var update in GenerateAsync(turn, cancellationToken))
        {
            switch (update)
            {
                case TurnCompleted completed:
                    return new ChatTurn(userMessage, completed.AssistantMessage, completed.Reply, completed.ResponseTimeMs);
                case TurnFailed failed:
                    throw new AssistantUnavailableException(failed.Detail);
            }
        }
        throw new AssistantUnavailableException("The assistant did not answer.");
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

    /// <summary>The agent's persona; the tenant's default persona when the agent names none (or one that was deleted).</summary>
    private async Task<AssistantPersona?> AssistantOfAsync(AgentSettings agent, CancellationToken cancellationToken)
    {
        if (agent.PersonaCode is { } code)
        {
            if (await personas.FindAssistantByCodeAsync(code, cancellationToken) is { } persona)
            {
                return persona;
            }
            logger.LogWarning("Agent {Agent} names persona {PersonaCode}, which does not exist; using the default persona", agent.Agent, code);
        }
        return await personas.FindAssistantAsync(null, cancellationToken);
    }

    /// <summary>For a knowledge question: a cached answer, or the passages of the agent's namespace to answer from.</summary>
    private async Task<KnowledgePlan> KnowledgePlanAsync(ResponderContext context, string agentName, AgentSettings? agent)
    {
        if (agent is null)
        {
            return KnowledgePlan.None;
        }
        try
        {
            return await knowledgeAnswers.PlanAsync(db, context, agentName, agent.RetrievalNamespace, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Answering without the documents is better than no answer, but a knowledge question must then not be guessed.
            logger.LogWarning(ex, "Knowledge retrieval failed for conversation {ConversationId}", context.ConversationId);
            var parsed = context.Catalog.Parser.Parse(context.Message);
            return KnowledgeQuestionDetector.IsKnowledgeQuestion(context.Message, parsed)
                ? new KnowledgePlan(new KnowledgeGrounding([], context.TenantSettings?.SalesRecipientEmail), null, null)
                : KnowledgePlan.None;
        }
    }

    private async Task<Message> StoreAnswerAsync(Conversation conversation, PreparedTurn turn, ResponderReply reply, double elapsedMs,
        Services.Llm.Gateway.LlmAccountingBatch accounting, KnowledgePlan knowledge, CatalogSnapshot catalog, TenantSettings tenantSettings)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new Message
        {
            Id = turn.AssistantMessageId,
            ConversationId = conversation.Id,
            Role = MessageRole.Assistant,
            Content = reply.Answer,
            Metadata = new MessageMetadata
            {
                Intent = reply.Intent,
                Confidence = reply.Confidence,
                Products = reply.Products.Select(p => new ShownProduct(p.Product.Id, p.Product.Sku, p.Product.Name,
                    p.Product.Price, p.Product.Currency, p.Reason, p.Score)).ToList(),
                Citations = [.. reply.Sources],
                SuggestedActions = [.. reply.SuggestedActions],
                Responder = reply.Responder,
                Model = reply.Model,
                Degraded = reply.Degraded,
                Status = "completed",
                ResponseTimeMs = Math.Round(elapsedMs, 2),
            },
            CreatedAt = now,
        };
        message.Metadata = reply.Pipeline?.Annotate(message.Metadata) ?? message.Metadata;
        conversation.State = reply.State;
        conversation.UpdatedAt = now;
        conversation.LastMessageAt = now;
        db.UsageEvents.Add(Usage("chat.turn", turn.SessionId, conversation.Id, now, ("intent", reply.Intent), ("responder", reply.Responder)));
        db.LlmRequests.AddRange(accounting.Drain());
        await knowledgeAnswers.RecordAsync(db, knowledge, reply, CancellationToken.None);
        var insights = new TurnInsights
        {
            ConversationId = conversation.Id,
            SessionId = turn.SessionId,
            UserId = conversation.UserId,
            Agent = conversation.Agent,
            UserMessageId = turn.UserMessageId,
            AssistantMessageId = message.Id,
            UserText = turn.Message,
            Intent = reply.Intent,
            Confidence = reply.Confidence,
            ShownProductIds = reply.Products.Select(p => p.Product.Id).ToList(),
            State = reply.State,
            At = now,
            Catalog = catalog,
            TenantSettings = tenantSettings,
        };
        insights = reply.Pipeline?.Annotate(insights) ?? insights;
        foreach (var observer in turnObservers)
        {
            await observer.OnTurnCompletedAsync(insights, db, CancellationToken.None);
        }
        await AppendAsync(conversation, message);
        return message;
    }

    /// <summary>
    /// Stores an answer as the conversation's next message. The position is read from the database at save time, and
    /// taken again if another message got there first (a message sent while this answer was streaming), so a finished
    /// answer is never lost to a stale count.
    /// </summary>
    private async Task AppendAsync(Conversation conversation, Message message)
    {
        db.Messages.Add(message);
        for (var attempt = 1; ; attempt++)
        {
            // First try the position after the count loaded with the turn; only a collision costs a read of the real last one.
            var last = attempt == 1 ? conversation.MessageCount
                : await db.Messages.Where(m => m.ConversationId == conversation.Id).MaxAsync(m => (int?)m.Sequence, CancellationToken.None) ?? 0;
            message.Sequence = last + 1;
            conversation.MessageCount = message.Sequence;
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (DbUpdateException) when (attempt < 4)
            {
                logger.LogInformation("Message position taken in {ConversationId}; retrying", conversation.Id);
            }
        }
    }

    /// <summary>What was produced before a stop or failure is kept, marked so, and the conversation stays consistent.</summary>
    private async Task<Message?> StorePartialAsync(Conversation conversation, PreparedTurn turn, string text, string status,
        Services.Llm.Gateway.LlmAccountingBatch accounting)
    {
        db.LlmRequests.AddRange(accounting.Drain());
        if (text.Length == 0)
        {
            db.UsageEvents.Add(Usage($"chat.turn.{status}", turn.SessionId, conversation.Id, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(CancellationToken.None);
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new Message
        {
            Id = turn.AssistantMessageId,
            ConversationId = conversation.Id,
            Role = MessageRole.Assistant,
            Content = text,
            // Only a hosted model produces text and then stops or fails; the local responder answers whole.
            Metadata = new MessageMetadata { Status = status, Responder = "llm" },
            CreatedAt = now,
        };
        conversation.UpdatedAt = now;
        db.UsageEvents.Add(Usage($"chat.turn.{status}", turn.SessionId, conversation.Id, now));
        await AppendAsync(conversation, message);
        return message;
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
