using System.Collections.Concurrent;
using System.Text.Json;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Voice;

public static class VoicePurposes
{
    public const string Stt = "stt";
    public const string Tts = "tts";
}

/// <summary>The llm_requests rows (purpose stt / tts) of one voice turn; collected from any thread, saved with the turn.</summary>
public sealed class VoiceUsage(TimeProvider clock)
{
    private readonly ConcurrentQueue<LlmRequest> _rows = new();

    public void Record(string purpose, string provider, string model, Guid? conversationId, double latencyMs, object request, Exception? error)
    {
        _rows.Enqueue(new LlmRequest
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            Purpose = purpose,
            Provider = provider,
            Model = model,
            // Sizes only: the audio and the spoken text stay in the messages, keys never reach the row.
            RequestBody = JsonSerializer.Serialize(request),
            LatencyMs = (int)Math.Round(latencyMs),
            Status = error switch { null => "ok", OperationCanceledException => "interrupted", _ => "error" },
            Error = error is null or OperationCanceledException ? null : error.Message.Length > 500 ? error.Message[..500] : error.Message,
            ComputedCost = provider is VoiceProvidersLocal.Pocketsphinx or VoiceProvidersLocal.Espeak ? 0m : null,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
    }

    public IReadOnlyList<LlmRequest> Drain()
    {
        var rows = new List<LlmRequest>();
        while (_rows.TryDequeue(out var row))
        {
            rows.Add(row);
        }
        return rows;
    }

    private static class VoiceProvidersLocal
    {
        public const string Pocketsphinx = Config.VoiceProviders.Pocketsphinx;
        public const string Espeak = Config.VoiceProviders.EspeakNg;
    }
}
