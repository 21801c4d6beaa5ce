using System.Text.Json;
using SalesMate.Services.Conversations;

namespace SalesMate.Services.Streaming;

/// <summary>
/// One event of a stream: its number (the SSE id), type and JSON data as UTF-8, the bytes it has on the wire. A running
/// stream keeps every event for replay; as UTF-8 they take half the memory of a string and are written without encoding.
/// </summary>
public sealed record SseEvent(int Sequence, string Event, byte[] Data);

/// <summary>The wire shape of each event type (snake_case JSON as UTF-8), built from the chat turn's updates.</summary>
public static class StreamEventPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <param name="streamToken">The signed stream id the client uses for /events/stream and /cancel.</param>
    public static (string Event, byte[] Data)? From(TurnUpdate update, string streamToken, Guid conversationId) => update switch
    {
        TurnMeta meta => ("meta", Serialize(new
        {
            stream_id = streamToken,
            conversation_id = conversationId,
            user_message_id = meta.UserMessageId,
            assistant_message_id = meta.AssistantMessageId,
            intent = meta.Intent,
            sentiment = meta.Signals?.Sentiment,
            frustration = meta.Signals?.Frustration,
            stage = meta.Signals?.Stage,
            escalated = meta.Signals?.Escalated ?? false,
        })),
        TurnProducts products => ("products", Serialize(new
        {
            products = products.Products.Select(p => new
            {
                id = p.Product.Id, sku = p.Product.Sku, name = p.Product.Name, brand = p.Product.Brand, category = p.Product.Category,
                price = p.Product.Price, currency = p.Product.Currency, in_stock = p.Product.Stock > 0, reason = p.Reason,
            }),
        })),
        TurnSources sources => ("sources", Sources(sources.Sources)),
        TurnText text => ("token", Serialize(new { text = text.Text })),
        TurnCompleted done => ("done", Serialize(new
        {
            message_id = done.AssistantMessage.Id,
            intent = done.Reply.Intent,
            suggested_actions = done.Reply.SuggestedActions,
            confidence = done.Reply.Confidence,
            responder = done.Reply.Responder,
            model = done.Reply.Model,
            degraded = done.Reply.Degraded,
            usage = done.Reply.Usage is { } u
                ? new { prompt_tokens = u.PromptTokens, completion_tokens = u.CompletionTokens, total_tokens = u.PromptTokens + u.CompletionTokens, cost = u.Cost, estimated = u.Estimated }
                : null,
            sources = done.Reply.Sources,
            sentiment = done.Reply.Pipeline?.Sentiment,
            frustration = done.Reply.Pipeline?.Frustration,
            stage = done.Reply.Pipeline?.Stage,
            engagement = done.Reply.Pipeline?.Engagement,
            escalation = done.Reply.Pipeline?.EscalationOffered ?? false,
            escalated = done.Reply.Pipeline?.Escalated ?? false,
            steps = done.Reply.Pipeline?.Steps,
            latency_ms = done.ResponseTimeMs,
            time_to_first_token_ms = done.TimeToFirstTokenMs,
        })),
        TurnFailed failed => ("error", Serialize(new
        {
            code = failed.Code,
            message = failed.Detail,
            retryable = failed.Retryable,
            partial_message_id = failed.PartialMessage?.Id,
        })),
        _ => null,
    };

    /// <summary>
    /// The answer's sources, before its first token: document id, title, page, section, snippet, url and the [n] the
    /// text uses. An empty list when the answer has none, so clients render citations in the same place every time.
    /// </summary>
    public static byte[] Sources(IReadOnlyList<Core.Entities.Citation> sources) => Serialize(new { sources });

    public static byte[] EmptySources() => Sources([]);

    public static byte[] Error(string code, string message, bool retryable) => Serialize(new { code, message, retryable });

    private static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);
}
