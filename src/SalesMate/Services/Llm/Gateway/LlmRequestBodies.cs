using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The <c>request_body</c> / <c>response_body</c> JSON of an <c>llm_requests</c> row: our own summary of the call (not
/// the raw HTTP body), with secrets removed and the size capped so the column stays valid JSON (jsonb on PostgreSQL).
/// </summary>
internal static partial class LlmRequestBodies
{
    public const int MaxBytes = 32 * 1024;
    private const int LongString = 2048;
    private const string Redacted = "[redacted]";

    public static string Request(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, string? apiKey)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["temperature"] = options?.Temperature,
            ["max_output_tokens"] = options?.MaxOutputTokens,
        };
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            body["instructions"] = instructions;
        }
        body["messages"] = new JsonArray([.. messages.Select(Message)]);
        if (options?.Tools is { Count: > 0 } tools)
        {
            body["tools"] = new JsonArray([.. tools.Select(t => (JsonNode?)t.Name)]);
        }
        if (options?.ResponseFormat is ChatResponseFormatJson json)
        {
            body["response_format"] = json.SchemaName ?? "json";
        }
        return Finish(body, apiKey);
    }

    public static string Response(string? text, IEnumerable<FunctionCallContent> calls, string? model, string? finishReason,
        UsageDetails? usage, int? attempts, string? apiKey)
    {
        var body = new JsonObject { ["model"] = model, ["finish_reason"] = finishReason, ["text"] = text };
        var toolCalls = calls.Select(c => (JsonNode?)new JsonObject
        {
            ["id"] = c.CallId,
            ["name"] = c.Name,
            ["arguments"] = Arguments(c.Arguments),
        }).ToArray();
        if (toolCalls.Length > 0)
        {
            body["tool_calls"] = new JsonArray(toolCalls);
        }
        if (usage is not null)
        {
            body["usage"] = new JsonObject
            {
                ["input_tokens"] = usage.InputTokenCount,
                ["output_tokens"] = usage.OutputTokenCount,
                ["total_tokens"] = usage.TotalTokenCount,
            };
        }
        if (attempts is not null)
        {
            body["attempts"] = attempts;
        }
        return Finish(body, apiKey);
    }

    private static JsonNode Message(ChatMessage message)
    {
        var node = new JsonObject { ["role"] = message.Role.Value };
        if (message.Text is { Length: > 0 } text)
        {
            node["content"] = text;
        }
        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(c => (JsonNode?)new JsonObject { ["id"] = c.CallId, ["name"] = c.Name, ["arguments"] = Arguments(c.Arguments) })
            .ToArray();
        if (calls.Length > 0)
        {
            node["tool_calls"] = new JsonArray(calls);
        }
        if (message.Contents.OfType<FunctionResultContent>().FirstOrDefault() is { } result)
        {
            node["tool_call_id"] = result.CallId;
            node["content"] = OpenAIRequestMapper.ResultText(result);
        }
        return node;
    }

    private static JsonNode? Arguments(IDictionary<string, object?>? arguments)
    {
        if (arguments is null)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(JsonSerializer.Serialize(arguments, AIJsonUtilities.DefaultOptions));
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return "[unserialisable arguments]";
        }
    }

    /// <summary>Redacts, then caps: long strings are shortened first; if still too big, a valid JSON stub with a preview.</summary>
    private static string Finish(JsonObject body, string? apiKey)
    {
        Scrub(body, apiKey, LongString * 64);
        var json = body.ToJsonString();
        if (Encoding.UTF8.GetByteCount(json) <= MaxBytes)
        {
            return json;
        }
        Scrub(body, apiKey, LongString);
        json = body.ToJsonString();
        if (Encoding.UTF8.GetByteCount(json) <= MaxBytes)
        {
            return json;
        }
        var preview = json.Length > MaxBytes / 2 ? json[..(MaxBytes / 2)] : json;
        while (true)
        {
            if (preview.Length > 0 && char.IsHighSurrogate(preview[^1]))
            {
                preview = preview[..^1];
            }
            var stub = new JsonObject { ["truncated"] = true, ["original_bytes"] = Encoding.UTF8.GetByteCount(json), ["preview"] = preview };
            var text = stub.ToJsonString();
            if (Encoding.UTF8.GetByteCount(text) <= MaxBytes)
            {
                return text;
            }
            preview = preview[..(preview.Length / 2)];
        }
    }

    private static void Scrub(JsonNode? node, string? apiKey, int maxChars)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (IsSecretName(name) && child is not null)
                    {
                        obj[name] = Redacted;
                    }
                    else if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        // Clean returns the same string when there is nothing to remove: no new node then.
                        if (Clean(text, apiKey, maxChars) is var cleaned && !ReferenceEquals(cleaned, text))
                        {
                            obj[name] = cleaned;
                        }
                    }
                    else
                    {
                        Scrub(child, apiKey, maxChars);
                    }
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        if (Clean(text, apiKey, maxChars) is var cleaned && !ReferenceEquals(cleaned, text))
                        {
                            array[i] = cleaned;
                        }
                    }
                    else
                    {
                        Scrub(array[i], apiKey, maxChars);
                    }
                }
                break;
        }
    }

    /// <summary>Removes secrets (the configured key, OpenAI-style keys, bearer tokens) and NULs; shortens to maxChars.</summary>
    internal static string Clean(string text, string? apiKey, int maxChars = int.MaxValue)
    {
        if (apiKey is { Length: >= 8 } && text.Contains(apiKey, StringComparison.Ordinal))
        {
            text = text.Replace(apiKey, Redacted, StringComparison.Ordinal);
        }
        text = SecretPattern().Replace(text, Redacted).Replace("\0", "", StringComparison.Ordinal);
        if (text.Length > maxChars)
        {
            var keep = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
            text = $"{text[..keep]}…[{text.Length - keep} more characters]";
        }
        return text;
    }

    private static bool IsSecretName(string name)
    {
        var n = name.ToLowerInvariant().Replace("-", "_", StringComparison.Ordinal);
        return n.EndsWith("token", StringComparison.Ordinal) || n is "otp" || n.Contains("password", StringComparison.Ordinal)
               || n.Contains("secret", StringComparison.Ordinal) || n.Contains("api_key", StringComparison.Ordinal)
               || n.Contains("apikey", StringComparison.Ordinal) || n.Contains("authorization", StringComparison.Ordinal)
               || n.Contains("cookie", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{16,}|(?i:\bbearer\s+)[A-Za-z0-9._~+/=\-]{8,}")]
    private static partial Regex SecretPattern();
}
