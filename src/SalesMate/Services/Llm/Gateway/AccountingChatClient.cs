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
/// The record copies the call's messages when the call starts, so its row shows what this call sent. The request body
/// (redacted, capped, compressed) is written from that copy while the provider works on the call; in a chat turn
/// (<see cref="LlmCallContext.DeferAccountingTo"/>) it waits until the turn's first text has been passed on, so a tool
/// round's body and the answer call's body are not on the way to the first token. The record then lets go of the
/// messages, so an open stream does not keep its prompt for the row.
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
        await AdmittedAsync(options);
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
        await AdmittedAsync(options);
        var call = Start(ref messages, options);
        // In a chat turn the body waits for the turn's first text; alone, it is written while the provider works on the call.
        var turn = options.AccountingBatch();
        turn?.AwaitCapture(call);
        var textPassedOn = false;
        var enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    var next = enumerator.MoveNextAsync();
                    if (turn is null)
                    {
                        _recorder.CaptureRequest(call);
                    }
                    if (!await next)
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
                var update = enumerator.Current;
                call.Observe(update);
                yield return update;
                if (turn is not null && !textPassedOn && !string.IsNullOrWhiteSpace(update.Text))
                {
                    // The caller asked for more, so the turn's first text is on its way to the shopper.
                    textPassedOn = true;
                    _recorder.CaptureAwaiting(turn);
                    Utils.TurnTimeline.Mark("accounting.bodies_written");
                }
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

    private static async ValueTask AdmittedAsync(ChatOptions? options)
    {
        if (options.AccountingBatch() is { Admitted: { IsCompletedSuccessfully: false } admitted })
        {
            await admitted;
            Utils.TurnTimeline.Mark("accounting.admitted");
        }
    }

    private LlmCallRecord Start(ref IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        messages = list;
        return new LlmCallRecord(_clock, _provider, options?.ModelId ?? _defaultModel, list, options);
    }
}
