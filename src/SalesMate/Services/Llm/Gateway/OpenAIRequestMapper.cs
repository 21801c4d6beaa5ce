using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;
using SdkChatMessage = OpenAI.Chat.ChatMessage;
using SdkChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>Microsoft.Extensions.AI messages and options to the OpenAI SDK's request types.</summary>
internal static class OpenAIRequestMapper
{
    private static readonly ConditionalWeakTable<AIFunctionDeclaration, ChatTool> ChatTools = new();

    public static List<SdkChatMessage> ToMessages(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        var result = new List<SdkChatMessage>();
        if (options?.Instructions is { Length: > 0 } instructions)
        {
            result.Add(new SystemChatMessage(instructions));
        }
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.User)
            {
                result.Add(new UserChatMessage(message.Text));
            }
            else if (message.Role == ChatRole.Assistant)
            {
                result.Add(ToAssistant(message));
            }
            else if (message.Role == ChatRole.Tool)
            {
                foreach (var output in message.Contents.OfType<FunctionResultContent>())
                {
                    result.Add(new ToolChatMessage(output.CallId, ResultText(output)));
                }
            }
            else
            {
                throw new NotSupportedException($"Chat role '{message.Role}' is not supported by the OpenAI chat completions API.");
            }
        }
        return result;
    }

    private static AssistantChatMessage ToAssistant(AIChatMessage message)
    {
        var calls = new List<ChatToolCall>();
        for (var i = 0; i < message.Contents.Count; i++)
        {
            if (message.Contents[i] is FunctionCallContent call)
            {
                calls.Add(ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromString(ArgumentsJson(call))));
            }
        }
        if (calls.Count == 0)
        {
            return new AssistantChatMessage(message.Text);
        }
        var assistant = new AssistantChatMessage(calls);
        if (message.Text is { Length: > 0 } text)
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
        }
        return assistant;
    }

    internal static string ArgumentsJson(FunctionCallContent call) =>
        call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions);

    internal static string ResultText(FunctionResultContent output)
    {
        if (output.Exception is { } error)
        {
            return $"Error: {error.Message}";
        }
        return output.Result switch
        {
            null => "",
            string s => s,
            JsonElement json => json.ValueKind == JsonValueKind.String ? json.GetString() ?? "" : json.GetRawText(),
            TextContent t => t.Text,
            var other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())),
        };
    }

    public static ChatCompletionOptions ToOptions(ChatOptions? options, int defaultMaxTokens, float defaultTemperature)
    {
        var result = new ChatCompletionOptions
        {
            Temperature = options?.Temperature ?? defaultTemperature,
            MaxOutputTokenCount = options?.MaxOutputTokens ?? defaultMaxTokens,
            TopP = options?.TopP,
            FrequencyPenalty = options?.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty,
        };
        if (options is null)
        {
            return result;
        }
        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }
        foreach (var tool in options.Tools ?? [])
        {
            if (tool is AIFunctionDeclaration function)
            {
                result.Tools.Add(ToChatTool(function));
            }
        }
        if (result.Tools.Count > 0)
        {
            result.AllowParallelToolCalls = options.AllowMultipleToolCalls;
            result.ToolChoice = options.ToolMode switch
            {
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                AutoChatToolMode => ChatToolChoice.CreateAutoChoice(),
                _ => null,
            };
        }
        result.ResponseFormat = ToResponseFormat(options.ResponseFormat,
            options.AdditionalProperties?.TryGetValue("strictJsonSchema", out var strict) == true && strict is true);
        return result;
    }

    /// <summary>
    /// The SDK's tool for a declaration, made once per declaration (the catalog tools are static, so every call reuses
    /// them): the SDK only reads a tool when it writes the request.
    /// </summary>
    private static ChatTool ToChatTool(AIFunctionDeclaration function) =>
        ChatTools.GetValue(function, static f => ChatTool.CreateFunctionTool(f.Name, f.Description, BinaryData.FromString(f.JsonSchema.GetRawText())));

    /// <summary>JSON schema formats are strict (OpenAI enforces the schema) when the caller sets M.E.AI's strictJsonSchema flag.</summary>
    private static SdkChatResponseFormat? ToResponseFormat(AIChatResponseFormat? format, bool strict) => format switch
    {
        ChatResponseFormatJson { Schema: { } schema } json => SdkChatResponseFormat.CreateJsonSchemaFormat(
            json.SchemaName ?? "response", BinaryData.FromString(schema.GetRawText()), json.SchemaDescription, jsonSchemaIsStrict: strict),
        ChatResponseFormatJson => SdkChatResponseFormat.CreateJsonObjectFormat(),
        ChatResponseFormatText => SdkChatResponseFormat.CreateTextFormat(),
        _ => null,
    };

    /// <summary>All text a request carries (messages, tool calls and results, instructions), for local token estimates.</summary>
    public static int PromptChars(IEnumerable<AIChatMessage> messages, ChatOptions? options) =>
        MessageChars(messages, options) + ToolChars(options);

    /// <summary>The characters of the instructions and messages (the part of <see cref="PromptChars"/> that needs the messages).</summary>
    public static int MessageChars(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        var chars = options?.Instructions?.Length ?? 0;
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                chars += content switch
                {
                    TextContent text => text.Text.Length,
                    FunctionCallContent call => call.Name.Length + ArgumentsJson(call).Length,
                    FunctionResultContent output => ResultText(output).Length,
                    _ => 0,
                };
            }
        }
        return chars;
    }

    public static int ToolChars(ChatOptions? options)
    {
        var chars = 0;
        foreach (var tool in options?.Tools ?? [])
        {
            chars += tool is AIFunctionDeclaration f ? f.Name.Length + (f.Description?.Length ?? 0) + f.JsonSchema.GetRawText().Length : 0;
        }
        return chars;
    }
}
