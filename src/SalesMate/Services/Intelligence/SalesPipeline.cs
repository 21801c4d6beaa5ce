using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Seed 001's per-message pipeline around the responder, in both modes: load the profile and spot a returning
/// shopper (1, 9), enrich the message with remembered filters (3), classify the intent (4), read sentiment and
/// frustration (5), answer (6: the responder, or <see cref="DirectAnswers"/> for actions such as a callback), coach
/// (7: <see cref="ConversationCoach"/>) and escalate (8: <see cref="EscalationDecider"/>); steps 3, 4, 7 and 8 ask the hosted
/// model when their <c>llm.structured_*</c> flag is on, with the rules as the fallback. It wraps the responder's
/// update stream: its own intent update first (with the signals for the SSE <c>meta</c> event), the welcome back
/// before the answer's first text, the coaching or escalation text after the last, and a reply carrying
/// <see cref="PipelineOutcome"/>. Each step's time is recorded.
/// </summary>
public sealed class SalesPipeline(
    IntentClassifier classifier,
    ConversationCoach coach,
    MessageEnricher enricher,
    EscalationDecider escalations,
    IOptions<CoachingOptions> coachingOptions,
    TimeProvider clock,
    ILogger<SalesPipeline> logger)
{
    public async IAsyncEnumerable<ResponderUpdate> StreamAsync(ISalesResponder responder, ResponderContext context, Conversation conversation,
        PipelineOpening opening, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var steps = new StepTimes();
        steps.Record("preprocess_ms", context.Preprocessed?.Milliseconds);
        var before = context.State;
        var rules = CoachingRules.For(coachingOptions.Value, context.TenantSettings?.Coaching);

        // 1 + 9: the shopper's learned profile (context.Profile) and, on a new conversation's first message, what they
        // looked at last time (WelcomeBack), both read with the turn so no database is held while the model answers.
        var welcome = opening.WelcomeBack;
        steps.Record("load_ms", opening.LoadMs);

        // 2: the message arrives with catalog spellings normalised (QueryPreprocessor, run by ChatService before the
        // knowledge step so retrieval reads the same text).
        var message = context.Message;

        var started = StepTimes.Start();
        var parsed = context.Catalog.Parser.Parse(message);
        var enriched = await enricher.EnrichAsync(message, parsed, context, cancellationToken);
        steps.Stop("enrich_ms", started);

        started = StepTimes.Start();
        var classification = await classifier.ClassifyAsync(message, context.Catalog, context.TenantSettings, conversation.Id, cancellationToken);
        var accepted = OfferAcceptance.Accepted(message, before);
        if (accepted == PendingOffer.Visit && classification.Intent is not (ClassificationIntents.ScheduleVisit or ClassificationIntents.ScheduleDemo))
        {
            classification = classification with { Intent = ClassificationIntents.ScheduleVisit };
        }
        steps.Stop("classify_ms", started);

        started = StepTimes.Start();
        var sentiment = SentimentAnalyzer.Analyze(message, before, classification);
        steps.Stop("sentiment_ms", started);

        started = StepTimes.Start();
        var escalation = await escalations.DecideAsync(message, classification.Intent, sentiment, before, rules, context, cancellationToken);
        steps.Stop("escalate_ms", started);

        yield return new IntentUpdate(classification.Intent)
        {
            Signals = new TurnSignals(classification.Intent, sentiment.Sentiment, sentiment.Frustration, before.Stage, before.Escalated || escalation.Offer),
        };

        var direct = DirectAnswers.Handles(classification.Intent, classification);
        var answering = context with
        {
            Message = enriched.Text,
            Remembered = enriched.Remembered,
            Intent = classification.Intent,
            Tone = sentiment.Tone,
            Guidance = Guidance(classification.Intent, sentiment, before, rules),
            AcceptedOffer = accepted,
        };
        var source = direct
            ? DirectAnswers.Answer(classification.Intent, classification, before, context.Catalog, context.Profile).AsUpdates(cancellationToken)
            : responder.StreamAsync(answering, cancellationToken);

        Utils.TurnTimeline.Mark("pipeline.respond");
        started = StepTimes.Start();
        var prefix = welcome;
        await foreach (var update in source.WithCancellation(cancellationToken))
        {
            switch (update)
            {
                case IntentUpdate:
                    continue; // the pipeline's own intent went first
                case TextDelta when prefix is not null:
                    yield return new TextDelta(prefix);
                    prefix = null;
                    yield return update;
                    break;
                case ReplyCompleted completed:
                    steps.Stop("respond_ms", started);
                    if (prefix is not null)
                    {
                        yield return new TextDelta(prefix);
                    }
                    var (reply, suffix) = await CompleteAsync(completed.Reply, welcome, message, before, classification, sentiment, escalation, rules, context, steps, cancellationToken);
                    if (suffix is not null)
                    {
                        yield return new TextDelta(suffix);
                    }
                    yield return new ReplyCompleted(reply);
                    yield break;
                default:
                    yield return update;
                    break;
            }
        }
    }

    /// <summary>Steps 7 and 8 on the finished answer: the reply as stored (welcome + answer + suffix) and the suffix to stream.</summary>
    private async Task<(ResponderReply Reply, string? Suffix)> CompleteAsync(ResponderReply answer, string? welcome, string message, ConversationState before,
        MessageClassification classification, SentimentReading sentiment, EscalationDecision escalation, CoachingRules rules,
        ResponderContext context, StepTimes steps, CancellationToken cancellationToken)
    {
        var started = StepTimes.Start();
        var intent = ClassificationIntents.BeyondResponders.Contains(classification.Intent) ? classification.Intent : answer.Intent;
        var history = before.SentimentHistory.Append(new SentimentEntry(sentiment.Sentiment, sentiment.Frustration, clock.GetUtcNow().UtcDateTime));
        var state = answer.State with
        {
            LastIntent = intent,
            TurnCount = before.TurnCount + 1,
            SentimentHistory = [.. history.TakeLast(ConversationState.MaxSentimentHistory)],
            ObjectionCount = before.ObjectionCount + (intent == ClassificationIntents.PriceObjection ? 1 : 0),
            Escalated = before.Escalated || escalation.Offer,
            EscalationHandledAt = escalation.Offer ? null : before.EscalationHandledAt,
            EscalationHandledBy = escalation.Offer ? null : before.EscalationHandledBy,
            NudgesGiven = [.. before.NudgesGiven.Concat(escalation.Offer ? [Nudges.Escalation] : []).Concat(welcome is null ? [] : [Nudges.WelcomeBack]).Distinct()],
            WelcomeBackDue = false,
        };
        var coaching = await coach.DirectAsync(new DirectorInput(before, state, intent, message, sentiment, answer.Products,
            context.Catalog, rules, escalation.Offer, answer.Responder == "local"), answer.Answer, context, cancellationToken);
        steps.Stop("coach_ms", started);

        // A direct answer to a request or complaint is the offer itself; frustration (or the model's own offer on an
        // answer that is not a direct one) adds it after the answer.
        var offerAfterAnswer = escalation.Offer && (escalation.Reason == "frustration"
            || escalation.ByModel && !DirectAnswers.Handles(classification.Intent, classification));
        var offerText = offerAfterAnswer ? EscalationRules.OfferText : null;
        var suffixText = offerText ?? coaching.Text;
        var suffix = suffixText is null ? null : $"\n\n{suffixText}";
        // Open for the next turn only. The visit line comes after the answer, so when it is shown it is the last offer made.
        var offer = offerText is null && coaching.Nudges.Contains(Nudges.Visit) ? PendingOffer.Visit : answer.Offer;
        var chips = offerAfterAnswer
            ? EscalationRules.Chips.Concat(answer.SuggestedActions)
            : answer.SuggestedActions.Concat(coaching.Chips);
        if (escalation.Offer)
        {
            logger.LogWarning("Human escalation offered in {ConversationId} ({Reason}, frustration {Frustration}/10)",
                context.ConversationId, escalation.Reason, sentiment.Frustration);
        }
        var outcome = new PipelineOutcome
        {
            Intent = intent,
            Sentiment = sentiment.Sentiment,
            Frustration = sentiment.Frustration,
            Stage = coaching.Stage,
            Engagement = coaching.Engagement,
            EscalationOffered = escalation.Offer,
            EscalationReason = escalation.Reason,
            Escalated = coaching.State.Escalated,
            Nudges = coaching.Nudges,
            WelcomedBack = welcome is not null,
            ClassifiedBy = classification.Source,
            Tone = sentiment.Tone.Kind,
            Steps = steps.ToDictionary(),
        };
        var reply = answer with
        {
            Answer = (welcome ?? "") + answer.Answer + (suffix ?? ""),
            Intent = intent,
            SuggestedActions = chips.Distinct(StringComparer.Ordinal).Take(MaxChips).ToList(),
            State = coaching.State with { PendingOffer = offer },
            Pipeline = outcome,
            Offer = offer,
        };
        return (reply, suffix);
    }

    private const int MaxChips = 4;

    /// <summary>Instructions for a hosted model: tone, the price objection play, and restraint once a human was offered.</summary>
    private static List<string> Guidance(string intent, SentimentReading sentiment, ConversationState state, CoachingRules rules)
    {
        var guidance = new List<string>();
        if (sentiment.Tone.Instruction is { } tone)
        {
            guidance.Add(tone);
        }
        if (intent == ClassificationIntents.PriceObjection && rules.PriceObjectionAlternatives)
        {
            guidance.Add("The shopper finds the price too high. Acknowledge it, say in one sentence what the product they looked at is worth " +
                         "(only facts from the catalog data: rating, specs), then look up cheaper alternatives with the tools and offer them.");
        }
        if (state.Escalated)
        {
            guidance.Add("A person from the sales team has already been offered: answer the question, and do not push products or add sales prompts.");
        }
        guidance.Add("Never invent urgency or scarcity: mention stock only as the catalog data states it.");
        return guidance;
    }
}
