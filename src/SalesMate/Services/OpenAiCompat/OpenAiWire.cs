using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SalesMate.Services.OpenAiCompat;

/// <summary>
/// OpenAI's wire format for <c>/v1/models</c> and <c>/v1/chat/completions</c> (only the fields SalesMate reads or writes).
/// Serialised with its own options (snake_case, nulls written) so the app's JSON settings never change this contract.
/// </summary>
public static class OpenAiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Like OpenAI: apostrophes, backticks and non-ASCII text (₹, é) as themselves, not \u escapes. Never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// One chunk as a single line of JSON. With <c>stream_options.include_usage</c>, OpenAI writes <c>"usage": null</c>
    /// on every chunk but the last; without it the field is absent.
    /// </summary>
    public static string Chunk(ChatCompletionChunk chunk, bool includeUsage)
    {
        if (!includeUsage || chunk.Usage is not null)
        {
            return JsonSerializer.Serialize(chunk, Options);
        }
        var node = JsonSerializer.SerializeToNode(chunk, Options)!.AsObject();
        node["usage"] = null;
        return node.ToJsonString(Options);
    }
}

public sealed record ChatCompletionRequest(
    string? Model,
    IReadOnlyList<ChatMessageInput>? Messages,
    bool? Stream,
    StreamOptionsInput? StreamOptions,
    string? User,
    int? N);

/// <summary>A message of the request; <c>content</c> is a string or an array of content parts.</summary>
public sealed record ChatMessageInput(string? Role, JsonElement Content);

public sealed record StreamOptionsInput(bool? IncludeUsage);

public sealed record ModelList([property: JsonPropertyName("object")] string ObjectType, IReadOnlyList<ModelInfo> Data);

public sealed record ModelInfo(string Id, [property: JsonPropertyName("object")] string ObjectType, long Created, string OwnedBy);

public sealed record CompletionUsage(int PromptTokens, int CompletionTokens, int TotalTokens);

public sealed record ChatCompletion(
    string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    long Created,
    string Model,
    string? SystemFingerprint,
    IReadOnlyList<CompletionChoice> Choices,
    CompletionUsage Usage,
    SalesMateExtension Salesmate);

public sealed record CompletionChoice(int Index, AssistantMessageOut Message, object? Logprobs, string FinishReason);

public sealed record AssistantMessageOut(string Role, string Content, string? Refusal, IReadOnlyList<object> Annotations);

public sealed record ChatCompletionChunk(
    string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    long Created,
    string Model,
    string? SystemFingerprint,
    IReadOnlyList<ChunkChoice> Choices)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CompletionUsage? Usage { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SalesMateExtension? Salesmate { get; init; }
}

public sealed record ChunkChoice(int Index, ChunkDelta Delta, object? Logprobs, string? FinishReason);

public sealed record ChunkDelta
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Role { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }
}

/// <summary>
/// SalesMate's additions, under one <c>salesmate</c> key that OpenAI clients pass through untouched. <c>sources</c> are
/// the knowledge passages the answer cites (its <c>[n]</c> markers), shaped as in <c>/api/v1/chat/message</c>.
/// </summary>
public sealed record SalesMateExtension(
    Guid ConversationId,
    Guid MessageId,
    string? Intent,
    IReadOnlyList<ProductCard> Products,
    IReadOnlyList<string> SuggestedActions,
    bool UsageEstimated,
    IReadOnlyList<Core.Entities.Citation> Sources);

public sealed record ProductCard(Guid Id, string Sku, string Name, string Brand, string Category, decimal Price, string Currency, bool InStock, string Reason);

public sealed record OpenAiErrorBody(OpenAiError Error);

public sealed record OpenAiError(string Message, string Type, string? Param, string? Code);

/// <summary>A failure answered in OpenAI's error shape with the given HTTP status.</summary>
public sealed class OpenAiException(int status, string message, string type, string? code, string? param = null) : Exception(message)
{
    public int Status { get; } = status;
    public OpenAiError Error { get; } = new(message, type, param, code);

    public static OpenAiException InvalidRequest(string message, string? param, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", code, param);

    public static OpenAiException InvalidApiKey(string message) =>
        new(StatusCodes.Status401Unauthorized, message, "invalid_request_error", "invalid_api_key");

    public static OpenAiException ModelNotFound(string model) =>
        new(StatusCodes.Status404NotFound, $"The model `{model}` does not exist or you do not have access to it.",
            "invalid_request_error", "model_not_found", "model");
}
