using System.Text;
using Microsoft.Extensions.AI;
using SalesMate.Core.Entities;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>What <see cref="AccountingChatClient"/> learns about one call while it runs; becomes one <c>llm_requests</c> row.</summary>
internal sealed class LlmCallRecord
{
    private const int MaxKeptChars = 64 * 1024;

    private readonly TimeProvider _clock;
    private readonly long _started;
    private readonly StringBuilder _text = new();
    private readonly List<FunctionCallContent> _calls = [];
    private long? _firstToken;
    private long? _ended;
    private int _completionChars;
    private UsageDetails? _usage;
    private string? _responseModel;
    private string? _finishReason;
    private int? _attempts;
    private IList<ChatMessage>? _messages;
    private PackedUtf8? _requestBody;
    private int _messageChars;

    public LlmCallRecord(TimeProvider clock, string provider, string requestedModel, IList<ChatMessage> messages, ChatOptions? options)
    {
        _clock = clock;
        _started = clock.GetTimestamp();
        CreatedAt = clock.GetUtcNow().UtcDateTime;
        Provider = provider;
        RequestedModel = requestedModel;
        // A copy: the row records what this call sent even if the caller adds a tool round to its list (or releases it)
        // before the body is written.
        _messages = [.. messages];
        Options = options;
    }

    public DateTime CreatedAt { get; }
    public string Provider { get; }
    public string RequestedModel { get; }
    public ChatOptions? Options { get; }
    public string Status { get; private set; } = "ok";
    public string? Error { get; private set; }
    public bool Finished => _ended is not null;

    /// <summary>False for a call the circuit breaker refused: nothing went upstream, so there is nothing to account.</summary>
    public bool WentUpstream { get; private set; } = true;

    /// <summary>
    /// Writes the request body (redacted, capped, compressed) and counts the prompt's characters, then lets go of the messages:
    /// the row records what this call sent even if the caller adds to its list afterwards, and an answer that keeps
    /// streaming does not keep its prompt for the row (<see cref="PromptMessages"/>).
    /// </summary>
    public void CaptureRequest(string? apiKey)
    {
        if (_messages is not { } messages)
        {
            return;
        }
        _requestBody = LlmRequestBodies.RequestPacked(messages, Options, RequestedModel, apiKey);
        _messageChars = OpenAIRequestMapper.MessageChars(messages, Options);
        _messages = null;
    }

    public void Observe(ChatResponseUpdate update)
    {
        if (_firstToken is null && StreamAttempt.HasPayload(update))
        {
            _firstToken = _clock.GetTimestamp();
        }
        _responseModel ??= update.ModelId;
        _finishReason = update.FinishReason?.Value ?? _finishReason;
        ReadAttempts(update.AdditionalProperties);
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            Observe(contents[i]);
        }
    }

    public void Completed(ChatResponse response)
    {
        _responseModel = response.ModelId;
        _finishReason = response.FinishReason?.Value;
        ReadAttempts(response.AdditionalProperties);
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            Observe(content);
        }
        _usage ??= response.Usage;
        Completed();
    }

    public void Completed() => _ended ??= _clock.GetTimestamp();

    public void Failed(Exception exception)
    {
        _ended ??= _clock.GetTimestamp();
        var afterFirstToken = _firstToken is not null;
        Status = exception is LlmStreamInterruptedException || afterFirstToken ? "interrupted" : "error";
        Error = exception switch
        {
            OperationCanceledException => "Cancelled by the caller.",
            _ => exception.Message.Length > 2000 ? exception.Message[..2000] : exception.Message,
        };
        if (exception is LlmUnavailableException { Failure: var failure })
        {
            _attempts = failure.Attempts;
            WentUpstream = failure.Kind != LlmFailureKind.CircuitOpen;
        }
        if (exception is LlmStreamInterruptedException { Failure.Attempts: > 0 } interrupted)
        {
            _attempts ??= interrupted.Failure.Attempts;
        }
    }

    public void StoppedByCaller()
    {
        _ended ??= _clock.GetTimestamp();
        Status = "interrupted";
        Error = "The caller stopped reading the stream.";
    }

    public LlmRequest ToEntity(Guid tenantId, Guid? conversationId, string purpose, LlmPriceTable prices, string? apiKey)
    {
        CaptureRequest(apiKey);
        var row = new LlmRequest
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            ConversationId = conversationId,
            Purpose = purpose,
            Provider = Provider,
            Model = _responseModel ?? RequestedModel,
            RequestBody = _requestBody!.Unpack(),
            ResponseBody = LlmRequestBodies.Response(_text.ToString(), _calls, _responseModel, _finishReason, _usage, _attempts, apiKey),
            LatencyMs = Milliseconds(_ended ?? _clock.GetTimestamp()),
            TimeToFirstTokenMs = _firstToken is { } first ? Milliseconds(first) : null,
            Status = Status,
            Error = Error is null ? null : LlmRequestBodies.Clean(Error, apiKey),
            CreatedAt = CreatedAt,
        };
        if (_usage is { InputTokenCount: not null } or { OutputTokenCount: not null })
        {
            row.PromptTokens = (int?)_usage.InputTokenCount ?? 0;
            row.CompletionTokens = (int?)_usage.OutputTokenCount ?? 0;
            row.TotalTokens = (int?)_usage.TotalTokenCount ?? row.PromptTokens + row.CompletionTokens;
        }
        else if (Status != "error" || _completionChars > 0)
        {
            // No usage from the provider (typical for a broken stream): estimate at four characters per token.
            row.PromptTokens = Estimate(_messageChars + OpenAIRequestMapper.ToolChars(Options));
            row.CompletionTokens = Estimate(_completionChars);
            row.TotalTokens = row.PromptTokens + row.CompletionTokens;
            row.TokensEstimated = true;
        }
        if (prices.Find(_responseModel, RequestedModel) is { } price)
        {
            row.UnitCostPrompt = price.PromptPerMillion;
            row.UnitCostCompletion = price.CompletionPerMillion;
            if (row.PromptTokens is { } prompt && row.CompletionTokens is { } completion)
            {
                row.ComputedCost = LlmPriceTable.Cost(price, prompt, completion);
            }
        }
        return row;
    }

    private void Observe(AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                _completionChars += text.Text.Length;
                if (_text.Length < MaxKeptChars)
                {
                    _text.Append(text.Text);
                }
                break;
            case FunctionCallContent call:
                _completionChars += call.Name.Length + OpenAIRequestMapper.ArgumentsJson(call).Length;
                _calls.Add(call);
                break;
            case UsageContent usage:
                _usage = usage.Details;
                break;
        }
    }

    private void ReadAttempts(AdditionalPropertiesDictionary? properties)
    {
        if (properties?.TryGetValue(ResilientChatClient.AttemptsKey, out var value) == true && value is int attempts)
        {
            _attempts = attempts;
        }
    }

    private static int Estimate(int chars) => (chars + 3) / 4;

    private int Milliseconds(long timestamp) => (int)Math.Min(int.MaxValue, _clock.GetElapsedTime(_started, timestamp).TotalMilliseconds);
}
