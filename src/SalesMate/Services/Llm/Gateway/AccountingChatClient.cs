using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// Writes one <c>llm_requests</c> row per call that went to the provider: tenant, conversation and purpose from
/// <see cref="LlmCallContext"/>, provider and model, redacted and capped request/response JSON, tokens (the provider's
/// usage, or an estimate at four characters per token flagged <c>tokens_estimated</c>), unit prices and cost from
/// <c>llm.prices</c>, latency, time to first token for streams, and status <c>ok</c>, <c>error</c> or <c>interrupted</c>.
/// It sits outside <see cref="ResilientChatClient"/>, so a call's retries share its row (the attempts are in the
/// response body): failed attempts before the first token produce no tokens and are not billed.
/// </summary>
/// <remarks>
/// A streamed call's request body is written on a thread-pool thread from a copy of the call's messages, while the call
/// goes to the provider (not on the way to the first token), and the record then lets go of them, so an open stream does
/// not keep its prompt for the row. The row is built only after the body is written.
/// </remarks>
public sealed class AccountingChatClient : DelegatingChatClient
{
    private readonly LlmRequestRecorder _recorder;
    private readonly TimeProvider _clock;
    private readonly string _provider;
    private readonly string _defaultModel;

    public AccountingChatClient(IChatClient inner, LlmRequestRecorder recorder, TimeProvider clock)
        : base(inner)
    {
        _recorder = recorder;
        _clock = clock;
        var metadata = inner.GetService<ChatClientMetadata>();
        _provider = metadata?.ProviderName ?? "unknown";
        _defaultModel = metadata?.DefaultModelId ?? "unknown";
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Start(ref messages, options);
        try
        {
            var pending = base.GetResponseAsync(messages, options, cancellationToken);
            _recorder.CaptureRequest(call);
            var response = await pending;
            call.Completed(response);
            return response;
        }
        catch (Exception exception)
        {
            call.Failed(exception);
            throw;
        }
        finally
        {
            await _recorder.WriteAsync(call);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var call = Start(ref messages, options);
        // Written on another thread while the provider call is made: not on the way to the first chunk.
        _recorder.CaptureRequestInBackground(call);
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        call.Completed();
                        break;
                    }
                }
                catch (Exception exception)
                {
                    call.Failed(exception);
                    throw;
                }
                call.Observe(enumerator.Current);
                yield return enumerator.Current;
            }
        }
        finally
        {
            if (!call.Finished)
            {
                call.StoppedByCaller();
            }
            await StreamAttempt.DisposeQuietlyAsync(enumerator);
            await _recorder.WriteAsync(call);
        }
    }

    private LlmCallRecord Start(ref IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        messages = list;
        return new LlmCallRecord(_clock, _provider, options?.ModelId ?? _defaultModel, list, options);
    }
}
