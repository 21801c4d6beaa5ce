using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Answers;
using SalesMate.Services.Streaming;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Stores the end of a turn in one SaveChanges: the answer (or the part produced before a stop or failure), the
/// conversation update, the usage event, the turn's llm_requests rows, the answer-cache rows and every
/// <see cref="ITurnObserver"/>'s rows.
/// </summary>
public sealed class AnswerStore(
    SalesMateDbContext db,
    TurnKnowledgePlanner knowledge,
    IEnumerable<ITurnObserver> turnObservers,
    RecentMessages recent,
    TimeProvider clock,
    ILogger<AnswerStore> logger)
{
    public async Task<Message> StoreAnswerAsync(LoadedTurn loaded, PreparedTurn turn, ResponderReply reply, double elapsedMs,
        LlmAccountingBatch accounting, KnowledgePlan plan)
    {
        // The observers' reads leave the tenant's row-level-security settings on the held connection, so the save needs no SET of its own.
        await using var held = await HeldConnection.OpenAsync(db, CancellationToken.None);
        Utils.TurnTimeline.Mark("store.held");
        var conversation = loaded.Conversation;
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
        db.UsageEvents.Add(ChatUsage.Event("chat.turn", turn.SessionId, conversation.Id, now, ("intent", reply.Intent), ("responder", reply.Responder)));
        db.LlmRequests.AddRange(accounting.Drain());
        await knowledge.RecordAsync(plan, reply);
        Utils.TurnTimeline.Mark("store.rows");
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
            Catalog = loaded.Catalog,
            TenantSettings = loaded.TenantSettings,
            SessionLead = turn.SessionLead,
        };
        insights = reply.Pipeline?.Annotate(insights) ?? insights;
        foreach (var observer in turnObservers)
        {
            await observer.OnTurnCompletedAsync(insights, db, CancellationToken.None);
            Utils.TurnTimeline.Mark("store.observer");
        }
        await AppendAsync(conversation, message);
        Utils.TurnTimeline.Mark("store.appended");
        // As staged: if saving had to renumber it (another message came first), the answer no longer follows it, and
        // the instance's copy of the newest messages is dropped rather than moved on.
        recent.Appended(conversation.Id, AsStored(QuestionOf(turn, conversation)), AsStored(message));
        return message;
    }

    private static Message QuestionOf(PreparedTurn turn, Conversation conversation) => new()
    {
        Id = turn.UserMessageId,
        TenantId = conversation.TenantId,
        ConversationId = conversation.Id,
        Sequence = turn.UserMessageSequence,
        Role = MessageRole.User,
        Content = turn.Message,
        CreatedAt = turn.UserMessageCreatedAt,
    };

    /// <summary>A message as a read returns it: PostgreSQL keeps whole microseconds (Npgsql truncates the rest).</summary>
    private Message AsStored(Message message) => db.IsPostgres && message.CreatedAt.Ticks % 10 != 0
        ? new Message
        {
            Id = message.Id, TenantId = message.TenantId, ConversationId = message.ConversationId, Sequence = message.Sequence,
            Role = message.Role, Content = message.Content, CreatedAt = new DateTime(message.CreatedAt.Ticks - message.CreatedAt.Ticks % 10, message.CreatedAt.Kind),
        }
        : message;

    /// <summary>What was produced before a stop or failure is kept, marked so, and the conversation stays consistent.</summary>
    public async Task<Message?> StorePartialAsync(Conversation conversation, PreparedTurn turn, string text, string status, LlmAccountingBatch accounting)
    {
        db.LlmRequests.AddRange(accounting.Drain());
        if (text.Length == 0)
        {
            db.UsageEvents.Add(ChatUsage.Event($"chat.turn.{status}", turn.SessionId, conversation.Id, clock.GetUtcNow().UtcDateTime));
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
        if (conversation.State.PendingOffer != PendingOffer.None)
        {
            // The partial answer is now the last thing said: a yes after it does not accept the offer before it.
            conversation.State = conversation.State with { PendingOffer = PendingOffer.None };
        }
        db.UsageEvents.Add(ChatUsage.Event($"chat.turn.{status}", turn.SessionId, conversation.Id, now));
        await AppendAsync(conversation, message);
        return message;
    }

    /// <summary>A staged shopper's message that no answer was saved with (generation threw first) is saved on its own.</summary>
    public async Task SaveIfUnsavedAsync(Message userMessage)
    {
        if (db.Entry(userMessage).State != EntityState.Added)
        {
            return;
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "The shopper's message in {ConversationId} could not be saved", userMessage.ConversationId);
        }
    }

    /// <summary>One turn per other turn of the same shopper saving at the same moment, and then some.</summary>
    private const int MaxSaveAttempts = 8;

    /// <summary>
    /// Stores an answer as the conversation's next message, with the shopper's message when that is still unsaved
    /// (the non-streaming API saves both in one transaction; on PostgreSQL one batch, see <see cref="OneBatchSave"/>). The positions follow the count loaded with the turn, and
    /// are taken again from the database if another message got there first (a message sent while this answer was
    /// streaming), so a finished answer is never lost to a stale count. Likewise the observers redo their rows when
    /// another turn of the shopper changed the lead first.
    /// </summary>
    private async Task AppendAsync(Conversation conversation, Message message)
    {
        db.Messages.Add(message);
        for (var attempt = 1; ; attempt++)
        {
            // First try the position after the count loaded with the turn; only a collision costs a read of the real last one.
            var last = conversation.MessageCount;
            if (attempt > 1)
            {
                last = await db.Messages.Where(m => m.ConversationId == conversation.Id).MaxAsync(m => (int?)m.Sequence, CancellationToken.None) ?? 0;
                foreach (var unsaved in UnsavedMessagesBefore(message))
                {
                    unsaved.Sequence = ++last;
                }
            }
            message.Sequence = last + 1;
            conversation.MessageCount = message.Sequence;
            try
            {
                if (!await SingleCommandSave.TrySaveAsync(db, CancellationToken.None))
                {
                    await OneBatchSave.SaveAsync(db, CancellationToken.None);
                }
                return;
            }
            catch (DbUpdateException ex) when (attempt < MaxSaveAttempts)
            {
                // Either a position was taken or the shopper's lead changed (or was created) since this turn read it: both
                // come from another turn that saved first, and both are taken again from what is stored now.
                logger.LogInformation("Another turn saved first in {ConversationId} ({Conflict}); retrying", conversation.Id,
                    ex is DbUpdateConcurrencyException ? "a row changed" : "a unique key was taken");
                // Turns that collided retry at slightly different times, so the next attempt rarely collides again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 * attempt)), clock);
                foreach (var observer in turnObservers)
                {
                    await observer.RedoAfterConflictAsync(db, CancellationToken.None);
                }
            }
        }
    }

    private List<Message> UnsavedMessagesBefore(Message message) => db.ChangeTracker.Entries<Message>()
        .Where(e => e.State == EntityState.Added && e.Entity.ConversationId == message.ConversationId && e.Entity.Id != message.Id)
        .Select(e => e.Entity).OrderBy(m => m.Sequence).ToList();
}
