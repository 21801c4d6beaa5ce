using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI .NET SDK's chat completions, for OpenAI and every server that
/// speaks its wire format (OpenRouter, Ollama, vLLM, LM Studio...). A plain adapter: no retries (the SDK's retry slot
/// holds a pass-through, <see cref="NoRetryPolicy"/>; <see cref="ResilientChatClient"/> owns retries), no accounting.
/// Exceptions are the SDK's (<see cref="ClientResultException"/> with the HTTP status) or the HTTP stack's.
/// </summary>
public sealed class OpenAIChatClient : IChatClient
{
    private readonly LlmProviderSettings _settings;
    private readonly HttpClient _http;
    private readonly OpenAIClient _client;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ChatClientMetadata _metadata;

    public OpenAIChatClient(LlmProviderSettings settings)
    {
        _settings = settings;
        _http = new HttpClient(ProviderHttpVersion.Handler(settings, new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // Over HTTP/2 many answers share a connection; past the server's stream limit another one is opened.
            EnableMultipleHttp2Connections = true,
        }))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.BaseUrl,
            NetworkTimeout = settings.NetworkTimeout,
            RetryPolicy = NoRetryPolicy.Instance,
            // SalesMate logs and accounts for its calls itself; the SDK's per-message logging policy is left out.
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false },
            Transport = new HttpClientPipelineTransport(_http),
            UserAgentApplicationId = "salesmate",
        };
        // Keyless servers (Ollama, local vLLM) ignore the bearer header, but the SDK requires a credential.
        _client = new OpenAIClient(new ApiKeyCredential(settings.ApiKey ?? "no-key"), options);
        _metadata = new ChatClientMetadata(settings.Provider, settings.BaseUrl, settings.DefaultModel);
    }

    public string Provider => _settings.Provider;

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var client = ClientFor(options);
        var completion = await client.CompleteChatAsync(OpenAIRequestMapper.ToMessages(messages, options), ToOptions(options), cancellationToken);
        return OpenAIResponseMapper.ToResponse(completion.Value);
    }

    /// <remarks>
    /// The SDK asks for <c>stream_options: {"include_usage": true}</c> on every streamed call, so the provider's usage
    /// arrives in a last chunk with no choices; it is passed on as a <see cref="UsageContent"/>.
    /// </remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var client = ClientFor(options);
        var toolCalls = new StreamingToolCalls();
        string? responseId = null, modelId = null;
        Utils.TurnTimeline.Mark("sdk.call");
        var request = OpenAIRequestMapper.ToMessages(messages, options);
        var updates = client.CompleteChatStreamingAsync(request, ToOptions(options), cancellationToken);
        var sent = false;
        Utils.TurnTimeline.Mark("sdk.mapped");
        await foreach (var update in updates.WithCancellation(cancellationToken))
        {
            if (!sent)
            {
                Utils.TurnTimeline.Mark("sdk.first_chunk");
                sent = true;
                ReleaseSentRequest(request);
            }
            responseId ??= update.CompletionId;
            modelId ??= update.Model;
            yield return OpenAIResponseMapper.ToUpdate(update, toolCalls);
        }
        if (toolCalls.HasPending)
        {
            var last = new ChatResponseUpdate { Role = ChatRole.Assistant, ResponseId = responseId, MessageId = responseId, ModelId = modelId };
            toolCalls.Complete(last.Contents);
            yield return last;
        }
    }

    /// <summary>
    /// The SDK keeps its request messages for as long as the stream is read; once the first chunk arrived the request was
    /// sent and is never sent again (the SDK does not retry), so an open stream drops their content.
    /// </summary>
    private static void ReleaseSentRequest(List<OpenAI.Chat.ChatMessage> request)
    {
        foreach (var message in request)
        {
            message.Content.Clear();
            (message as AssistantChatMessage)?.ToolCalls.Clear();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null)
        {
            return null;
        }
        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }
        if (serviceType == typeof(LlmProviderSettings))
        {
            return _settings;
        }
        return serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(_client) ? _client : null;
    }

    public void Dispose() => _http.Dispose();

    private ChatClient ClientFor(ChatOptions? options) =>
        _chatClients.GetOrAdd(options?.ModelId is { Length: > 0 } model ? model : _settings.DefaultModel, _client.GetChatClient);

    private ChatCompletionOptions ToOptions(ChatOptions? options) =>
        OpenAIRequestMapper.ToOptions(options, _settings.DefaultMaxTokens, _settings.DefaultTemperature);
}
