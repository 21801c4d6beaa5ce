using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// The <c>request_body</c> / <c>response_body</c> JSON of an <c>llm_requests</c> row: our own summary of the call (not
/// the raw HTTP body), with secrets removed and the size capped so the column stays valid JSON (jsonb on PostgreSQL).
/// Written once with <see cref="Utf8JsonWriter"/> (<see cref="ScrubbingJsonWriter"/>); only a body over the cap is
/// written a second time with shorter strings.
/// </summary>
internal static partial class LlmRequestBodies
{
    public const int MaxBytes = 32 * 1024;
    public const int ShortStringLimit = 2048;
    public const int LongStringLimit = ShortStringLimit * 64;
    public const string Redacted = "[redacted]";

    /// <summary>A buffer that grew past this (a huge body) is not kept for the thread's next body.</summary>
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string Request(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, string? apiKey) =>
        Encoding.UTF8.GetString(Finish((messages, options, model), WriteRequest, apiKey));

    /// <summary>The request body, compressed: a call that is still streaming keeps it in this form.</summary>
    public static PackedUtf8 RequestPacked(IEnumerable<ChatMessage> messages, ChatOptions? options, string model, string? apiKey) =>
        PackedUtf8.Pack(Finish((messages, options, model), WriteRequest, apiKey));

    public static string Response(string? text, IReadOnlyList<FunctionCallContent> calls, string? model, string? finishReason,
        UsageDetails? usage, int? attempts, string? apiKey) =>
        Encoding.UTF8.GetString(Finish((text, calls, model, finishReason, usage, attempts), WriteResponse, apiKey));

    private static void WriteRequest(ScrubbingJsonWriter body, (IEnumerable<ChatMessage> Messages, ChatOptions? Options, string Model) call)
    {
        var (messages, options, model) = call;
        var json = body.Json;
        json.WriteStartObject();
        body.String("model", model);
        body.Number("temperature", options?.Temperature);
        body.Number("max_output_tokens", options?.MaxOutputTokens);
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            body.String("instructions", instructions);
        }
        json.WriteStartArray("messages");
        foreach (var message in messages)
        {
            WriteMessage(body, message);
        }
        json.WriteEndArray();
        if (options?.Tools is { Count: > 0 } tools)
        {
            json.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                body.Value(tool.Name);
            }
            json.WriteEndArray();
        }
        if (options?.ResponseFormat is ChatResponseFormatJson format)
        {
            body.String("response_format", format.SchemaName ?? "json");
        }
        json.WriteEndObject();
    }

    private static void WriteResponse(ScrubbingJsonWriter body, (string? Text, IReadOnlyList<FunctionCallContent> Calls, string? Model,
        string? FinishReason, UsageDetails? Usage, int? Attempts) response)
    {
        var json = body.Json;
        json.WriteStartObject();
        body.String("model", response.Model);
        body.String("finish_reason", response.FinishReason);
        body.String("text", response.Text);
        WriteToolCalls(body, response.Calls);
        if (response.Usage is { } usage)
        {
            json.WriteStartObject("usage");
            body.Number("input_tokens", usage.InputTokenCount);
            body.Number("output_tokens", usage.OutputTokenCount);
            body.Number("total_tokens", usage.TotalTokenCount);
            json.WriteEndObject();
        }
        if (response.Attempts is { } attempts)
        {
            json.WriteNumber("attempts", attempts);
        }
        json.WriteEndObject();
    }

    /// <remarks>A tool result's text takes the place of the message text (the <c>content</c> key keeps its position).</remarks>
    private static void WriteMessage(ScrubbingJsonWriter body, ChatMessage message)
    {
        var result = FirstResult(message.Contents);
        body.Json.WriteStartObject();
        body.String("role", message.Role.Value);
        var text = message.Text;
        if (text.Length > 0)
        {
            body.String("content", result is null ? text : OpenAIRequestMapper.ResultText(result));
        }
        WriteToolCalls(body, message.Contents as IReadOnlyList<AIContent> ?? [.. message.Contents]);
        if (result is not null)
        {
            body.String("tool_call_id", result.CallId);
            if (text.Length == 0)
            {
                body.String("content", OpenAIRequestMapper.ResultText(result));
            }
        }
        body.Json.WriteEndObject();
    }

    private static FunctionResultContent? FirstResult(IList<AIContent> contents)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is FunctionResultContent result)
            {
                return result;
            }
        }
        return null;
    }

    private static void WriteToolCalls(ScrubbingJsonWriter body, IReadOnlyList<AIContent> contents)
    {
        var started = false;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not FunctionCallContent call)
            {
                continue;
            }
            if (!started)
            {
                body.Json.WriteStartArray("tool_calls");
                started = true;
            }
            body.Json.WriteStartObject();
            body.String("id", call.CallId);
            body.String("name", call.Name);
            body.Arguments("arguments", call.Arguments);
            body.Json.WriteEndObject();
        }
        if (started)
        {
            body.Json.WriteEndArray();
        }
    }

    /// <summary>Redacts, then caps: long strings are shortened first; if still too big, a valid JSON stub with a preview.</summary>
    /// <remarks>The result points into this thread's buffer: use it before the next body is written on the thread.</remarks>
    private static ReadOnlySpan<byte> Finish<TBody>(TBody content, Action<ScrubbingJsonWriter, TBody> write, string? apiKey)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            if (Write(buffer, content, write, apiKey, shorten: false) || Write(buffer, content, write, apiKey, shorten: true))
            {
                return buffer.WrittenSpan;
            }
            return Stub(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
            }
        }
    }

    /// <summary>Writes the body into <paramref name="buffer"/>; false when it is over the cap.</summary>
    private static bool Write<TBody>(ArrayBufferWriter<byte> buffer, TBody content, Action<ScrubbingJsonWriter, TBody> write,
        string? apiKey, bool shorten)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(new ScrubbingJsonWriter(json, apiKey, shorten), content);
        }
        return buffer.WrittenCount <= MaxBytes;
    }

    private static byte[] Stub(string json)
    {
        var originalBytes = Encoding.UTF8.GetByteCount(json);
        var preview = json.Length > MaxBytes / 2 ? json[..(MaxBytes / 2)] : json;
        while (true)
        {
            if (preview.Length > 0 && char.IsHighSurrogate(preview[^1]))
            {
                preview = preview[..^1];
            }
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteBoolean("truncated", true);
                writer.WriteNumber("original_bytes", originalBytes);
                writer.WriteString("preview", preview);
                writer.WriteEndObject();
            }
            if (buffer.WrittenCount <= MaxBytes)
            {
                return buffer.WrittenSpan.ToArray();
            }
            preview = preview[..(preview.Length / 2)];
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

    internal static bool IsSecretName(string name)
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
