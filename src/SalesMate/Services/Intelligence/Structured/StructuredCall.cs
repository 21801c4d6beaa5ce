using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using SalesMate.Services.Llm;
using SalesMate.Services.Llm.Classification;
using SalesMate.Services.Llm.Gateway;
using AiChatOptions = Microsoft.Extensions.AI.ChatOptions;

namespace SalesMate.Services.Intelligence.Structured;

/// <summary>A checked structured answer: the result, or the errors (which never repeat the model's values, so they can be logged).</summary>
public sealed record StructuredOutcome<T>(T? Result, IReadOnlyList<string> Errors) where T : class;

/// <summary>
/// The structured-output call the pipeline's model steps share, as <see cref="StructuredClassifier"/> does it: a strict
/// JSON schema at temperature 0 with few tokens, tagged with the tenant, conversation and purpose (llm_requests), the
/// answer validated, an invalid one retried once with the errors, and null (the caller's rules) after a second invalid
/// answer or any model failure. Only the caller's cancellation ends it early.
/// </summary>
internal static partial class StructuredCall
{
    public const int MaxAttempts = 2;

    /// <summary>Longest invalid answer echoed back to the model in the retry.</summary>
    private const int MaxEchoedChars = 2000;

    public static async Task<T?> RunAsync<T>(IChatClient client, List<ChatMessage> messages, Func<AiChatOptions> options,
        Func<string, StructuredOutcome<T>> validate, ILogger logger, CancellationToken cancellationToken) where T : class
    {
        var calls = 0;
        var purpose = options().Purpose();
        try
        {
            while (true)
            {
                calls++;
                var response = await client.GetResponseAsync(messages, options(), cancellationToken);
                var reply = response.Text ?? "";
                var outcome = validate(reply);
                if (outcome.Result is { } result)
                {
                    return result;
                }
                logger.LogWarning("Structured {Purpose} attempt {Attempt} was invalid: {ValidationErrors}", purpose, calls, string.Join("; ", outcome.Errors));
                if (calls >= MaxAttempts)
                {
                    return null;
                }
                messages.Add(new ChatMessage(ChatRole.Assistant, reply.Length > MaxEchoedChars ? reply[..MaxEchoedChars] : reply));
                messages.Add(new ChatMessage(ChatRole.User, "Your previous reply was invalid: " + string.Join("; ", outcome.Errors)
                    + ". Reply again with only the JSON object, exactly as the schema says."));
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Structured {Purpose} failed after {ModelCalls} model calls; using the rules", purpose, calls);
            return null;
        }
    }

    /// <summary>Options for one call: the configured model, temperature 0, strict schema, accounting with the turn when given.</summary>
    public static AiChatOptions Options(string? model, int maxOutputTokens, ChatResponseFormat format, Guid tenantId, Guid? conversationId,
        string purpose, LlmAccountingBatch? accounting)
    {
        var options = new AiChatOptions
        {
            ModelId = string.IsNullOrWhiteSpace(model) ? null : model,
            Temperature = 0f,
            MaxOutputTokens = maxOutputTokens,
            ResponseFormat = format,
        }.For(tenantId, conversationId, purpose).DeferAccountingTo(accounting);
        options.AdditionalProperties![StructuredClassifier.StrictJsonSchemaKey] = true;
        return options;
    }

    /// <summary>The reply as one JSON object (a Markdown code fence around it is tolerated), or the error.</summary>
    public static bool TryParseObject(string? reply, out JsonElement root, out string error)
    {
        root = default;
        error = "";
        if (string.IsNullOrWhiteSpace(reply))
        {
            error = "the reply is empty";
            return false;
        }
        var match = CodeFence().Match(reply);
        try
        {
            using var document = JsonDocument.Parse(match.Success ? match.Groups["json"].Value : reply);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            error = "the reply is not valid JSON";
            return false;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the reply must be one JSON object";
            return false;
        }
        return true;
    }

    /// <summary>A strict object schema: every property required, no others.</summary>
    public static JsonObject StrictObject(JsonObject properties) => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p.Key))]),
        ["properties"] = properties,
    };

    public static JsonElement ToElement(JsonNode schema)
    {
        using var document = JsonDocument.Parse(schema.ToJsonString());
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"^\s*```(?:json)?\s*(?<json>.*?)\s*```\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CodeFence();
}
