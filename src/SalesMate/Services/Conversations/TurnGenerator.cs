using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using SalesMate.Core;
using SalesMate.Services.Intelligence;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Gateway;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Streams the answer to a prepared turn and stores it (or the part produced before a stop or a failure). The database
/// work runs in the given <see cref="ITurnPhases"/>; this class itself holds none, so a background stream can keep it
/// for as long as the model answers.
/// </summary>
public sealed class TurnGenerator(ISalesResponder responder, SalesPipeline pipeline, ILogger<TurnGenerator> logger)
{
    /// <summary>
    /// Cancelling <paramref name="cancellationToken"/> is the user's stop: the partial answer is stored as <c>stopped</c>.
    /// A responder failure stores it as <c>incomplete</c>.
    /// </summary>
    public async IAsyncEnumerable<TurnUpdate> GenerateAsync(PreparedTurn turn, ITurnPhases phases,
        [EnumeratorCancellation] CancellationToken cancellationToken, Func<StopReason>? stopReason = null, TurnShape? shape = null)
    {
        var started = Stopwatch.GetTimestamp();
        Utils.TurnTimeline.Mark("generation.start");
        var accounting = new LlmAccountingBatch();
        var planned = await phases.PlanAsync(turn, shape, accounting, cancellationToken);
        Utils.TurnTimeline.Mark("generation.planned");
        var conversationId = planned.Conversation.Id;

        var text = new StringBuilder();
        var metaSent = false;
        double? firstTokenMs = null;
        // A near-identical question answered before (semantic answer cache) is replayed through the same pipeline.
        var answering = planned.Knowledge.CachedReply is { } cached ? new StoredReplyResponder(cached) : responder;
        // A conversation with a mode of its own (a role-play customer) answers in character, without the sales pipeline.
        var stream = planned.ModeResponder is { } modeResponder ? modeResponder.StreamAsync(planned.Context, cancellationToken)
            : pipeline.StreamAsync(answering, planned.Context, planned.Conversation, planned.Opening, cancellationToken);
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
                logger.LogWarning(ex, "Responder failed in {ConversationId}", conversationId);
                failure = ex.Message;
            }
            if (refusal is not null)
            {
                var none = await StorePartialAsync(phases, planned, turn, text, "refused", accounting);
                yield return new TurnFailed(none, "unavailable", refusal, Retryable: false);
                yield break;
            }
            if (stoppedByUser)
            {
                var reason = stopReason?.Invoke() ?? StopReason.UserStop;
                var stopped = await StorePartialAsync(phases, planned, turn, text, reason.Code, accounting);
                yield return new TurnFailed(stopped, reason.Code, reason.Detail, reason.Retryable);
                yield break;
            }
            if (failure is not null)
            {
                var partial = await StorePartialAsync(phases, planned, turn, text, "incomplete", accounting);
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
                    if (firstTokenMs is null)
                    {
                        firstTokenMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        Utils.TurnTimeline.Mark("generation.first_token");
                    }
                    text.Append(delta.Text);
                    yield return new TurnText(delta.Text);
                    break;
                case ReplyCompleted completed:
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Utils.TurnTimeline.Mark("generation.answered");
                    var stored = await phases.StoreAsync(planned, answers =>
                        answers.StoreAnswerAsync(planned.Loaded, turn, completed.Reply, elapsed, accounting, planned.Knowledge));
                    Utils.TurnTimeline.Mark("generation.stored");
                    logger.LogInformation("Chat turn in {ConversationId}: intent {Intent}, {ProductCount} products, responder {Responder}, {LatencyMs} ms",
                        conversationId, completed.Reply.Intent, completed.Reply.Products.Count, completed.Reply.Responder, Math.Round(elapsed, 2));
                    yield return new TurnCompleted(stored, completed.Reply, Math.Round(elapsed, 2), firstTokenMs is { } ms ? Math.Round(ms, 2) : null);
                    yield break;
            }
        }
    }

    private static Task<Core.Entities.Message?> StorePartialAsync(ITurnPhases phases, PlannedTurn planned, PreparedTurn turn, StringBuilder text,
        string status, LlmAccountingBatch accounting) =>
        phases.StoreAsync(planned, answers => answers.StorePartialAsync(planned.Conversation, turn, text.ToString(), status, accounting));
}
