using System.Text.Json.Nodes;

namespace SalesMate.Tests.Fakes;

/// <summary>The OpenAI Chat Completions wire format, as the fake server writes it.</summary>
internal static class FakeOpenAiWire
{
    public const long Created = 1_763_000_000;

    public static JsonObject Completion(string id, string model, FakeOpenAiReply reply)
    {
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = reply.Chunks.Count == 0 && reply.ToolCalls.Count > 0 ? null : string.Concat(reply.Chunks),
        };
        if (reply.ToolCalls.Count > 0)
        {
            message["tool_calls"] = new JsonArray([.. reply.ToolCalls.Select(c => (JsonNode)ToolCall(c, c.ArgumentsJson))]);
        }
        var body = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = Created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = FinishReason(reply),
            }),
        };
        if (reply.Usage is { } usage)
        {
            body["usage"] = Usage(usage);
        }
        return body;
    }

    public static JsonObject Chunk(string id, string model, JsonObject? delta, string? finishReason = null) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = Created,
        ["model"] = model,
        ["choices"] = delta is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason }),
    };

    public static JsonObject UsageChunk(string id, string model, FakeUsage usage)
    {
        var chunk = Chunk(id, model, null);
        chunk["usage"] = Usage(usage);
        return chunk;
    }

    /// <summary>OpenAI streams a tool call as: id, type and name with empty arguments, then argument pieces by index.</summary>
    public static IEnumerable<JsonObject> ToolCallDeltas(IReadOnlyList<FakeToolCall> calls)
    {
        for (var index = 0; index < calls.Count; index++)
        {
            var call = calls[index];
            var first = ToolCall(call, "");
            first["index"] = index;
            yield return new JsonObject { ["tool_calls"] = new JsonArray(first) };
            foreach (var piece in Pieces(call.ArgumentsJson, 3))
            {
                yield return new JsonObject
                {
                    ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = index, ["function"] = new JsonObject { ["arguments"] = piece } }),
                };
            }
        }
    }

    public static JsonObject Error(int status) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = status == 429 ? "Rate limit reached. Please try again later." : $"Scripted failure {status}.",
            ["type"] = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error",
            ["param"] = null,
            ["code"] = status == 429 ? "rate_limit_exceeded" : null,
        },
    };

    public static JsonObject Models(string model) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(new JsonObject { ["id"] = model, ["object"] = "model", ["created"] = Created, ["owned_by"] = "fake" }),
    };

    public static string FinishReason(FakeOpenAiReply reply) => reply.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_calls" : "stop");

    private static JsonObject ToolCall(FakeToolCall call, string arguments) => new()
    {
        ["id"] = call.Id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = arguments },
    };

    private static JsonObject Usage(FakeUsage usage) => new()
    {
        ["prompt_tokens"] = usage.PromptTokens,
        ["completion_tokens"] = usage.CompletionTokens,
        ["total_tokens"] = usage.TotalTokens,
    };

    private static IEnumerable<string> Pieces(string text, int count)
    {
        var size = Math.Max(1, (text.Length + count - 1) / count);
        for (var i = 0; i < text.Length; i += size)
        {
            yield return text.Substring(i, Math.Min(size, text.Length - i));
        }
    }
}
