using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using SdkChatFinishReason = OpenAI.Chat.ChatFinishReason;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>The OpenAI SDK's completions and streaming updates to Microsoft.Extensions.AI responses.</summary>
internal static class OpenAIResponseMapper
{
    public static ChatResponse ToResponse(ChatCompletion completion)
    {
        var contents = new List<AIContent>();
        foreach (var part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
            {
                contents.Add(new TextContent(part.Text));
            }
        }
        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            contents.Add(new TextContent(completion.Refusal));
        }
        foreach (var call in completion.ToolCalls)
        {
            contents.Add(ToFunctionCall(call.Id, call.FunctionName, call.FunctionArguments?.ToString()));
        }
        var message = new AIChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = completion.Id,
            CreatedAt = completion.CreatedAt,
            RawRepresentation = completion,
        };
        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public static UsageDetails? ToUsage(ChatTokenUsage? usage) => usage is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount,
            ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount,
        };

    public static AIChatFinishReason? ToFinishReason(SdkChatFinishReason? reason) => reason switch
    {
        null => null,
        SdkChatFinishReason.Stop => AIChatFinishReason.Stop,
        SdkChatFinishReason.Length => AIChatFinishReason.Length,
        SdkChatFinishReason.ContentFilter => AIChatFinishReason.ContentFilter,
        SdkChatFinishReason.ToolCalls or SdkChatFinishReason.FunctionCall => AIChatFinishReason.ToolCalls,
        _ => new AIChatFinishReason(reason.Value.ToString().ToLowerInvariant()),
    };

    public static FunctionCallContent ToFunctionCall(string callId, string name, string? argumentsJson) =>
        FunctionCallContent.CreateFromParsedArguments(string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson, callId, name,
            static json => JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions));

    /// <summary>One SDK streaming update as an M.E.AI update; tool-call fragments go to <paramref name="toolCalls"/>.</summary>
    public static ChatResponseUpdate ToUpdate(StreamingChatCompletionUpdate update, StreamingToolCalls toolCalls)
    {
        var result = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ResponseId = update.CompletionId,
            MessageId = update.CompletionId,
            ModelId = update.Model,
            CreatedAt = update.CreatedAt,
            FinishReason = ToFinishReason(update.FinishReason),
            RawRepresentation = update,
        };
        // Indexed loops: the SDK's collections hand out a boxed enumerator per foreach, and this runs for every chunk.
        var parts = update.ContentUpdate;
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is { Kind: ChatMessageContentPartKind.Text, Text: { Length: > 0 } text })
            {
                result.Contents.Add(new TextContent(text));
            }
        }
        if (!string.IsNullOrEmpty(update.RefusalUpdate))
        {
            result.Contents.Add(new TextContent(update.RefusalUpdate));
        }
        var fragments = update.ToolCallUpdates;
        for (var i = 0; i < fragments.Count; i++)
        {
            toolCalls.Add(fragments[i]);
        }
        if (update.FinishReason is not null)
        {
            toolCalls.Complete(result.Contents);
        }
        if (ToUsage(update.Usage) is { } usage)
        {
            result.Contents.Add(new UsageContent(usage));
        }
        return result;
    }
}

/// <summary>
/// Assembles tool calls from streamed fragments (the first fragment of a call carries its id and name, the next ones
/// pieces of the JSON arguments, all keyed by index) and hands each call out once, when it is complete: when the
/// choice finishes, or when the stream ends.
/// </summary>
internal sealed class StreamingToolCalls
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _pending = [];

    public bool HasPending => _pending.Count > 0;

    public void Add(StreamingChatToolCallUpdate fragment)
    {
        if (!_pending.TryGetValue(fragment.Index, out var call))
        {
            call = (null, null, new StringBuilder());
        }
        call.Id ??= string.IsNullOrEmpty(fragment.ToolCallId) ? null : fragment.ToolCallId;
        call.Name ??= string.IsNullOrEmpty(fragment.FunctionName) ? null : fragment.FunctionName;
        if (fragment.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
        {
            call.Arguments.Append(arguments.ToString());
        }
        _pending[fragment.Index] = call;
    }

    public void Complete(IList<AIContent> into)
    {
        foreach (var (index, call) in _pending)
        {
            into.Add(OpenAIResponseMapper.ToFunctionCall(call.Id ?? $"call_{index}", call.Name ?? "", call.Arguments.ToString()));
        }
        _pending.Clear();
    }
}
