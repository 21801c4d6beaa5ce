using System.Text.Json;
using System.Text.Json.Serialization;

namespace SalesMate.Services.Voice;

/// <summary>A control message from the client: start, utterance_end, text, interrupt, stop.</summary>
public sealed record VoiceControl(
    string? Type,
    [property: JsonPropertyName("conversation_id")] Guid? ConversationId,
    string? Agent,
    string? Mode,
    string? Persona,
    string? Text,
    bool? Score);

public static class VoiceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
