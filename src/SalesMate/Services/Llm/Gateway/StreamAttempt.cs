using Microsoft.Extensions.AI;

namespace SalesMate.Services.Llm.Gateway;

/// <summary>
/// One upstream stream that has produced its first real chunk: the updates read so far (role-only preambles plus the
/// first chunk with content) and the open enumerator for the rest, read under the idle-gap timer.
/// </summary>
internal sealed class StreamAttempt(
    IAsyncEnumerator<ChatResponseUpdate> enumerator,
    CancellationTokenSource timer,
    IReadOnlyList<ChatResponseUpdate> firstUpdates,
    bool ended) : IAsyncDisposable
{
    public IReadOnlyList<ChatResponseUpdate> FirstUpdates { get; private set; } = firstUpdates;

    /// <summary>Once passed on, the first updates (and the SDK chunks behind them) are not kept while the stream stays open.</summary>
    public void ForgetFirstUpdates() => FirstUpdates = [];

    public bool Ended { get; private set; } = ended;

    /// <summary>Whether this update carries anything for the caller (text, a tool call, usage, a finish reason).</summary>
    public static bool HasPayload(ChatResponseUpdate update)
    {
        if (update.FinishReason is not null)
        {
            return true;
        }
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not TextContent { Text.Length: 0 })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The next update, or null at the end. The idle timer runs only while waiting for the provider.</summary>
    public async ValueTask<ChatResponseUpdate?> NextAsync(TimeSpan idleTimeout, Func<Exception, Exception> onTimerFired)
    {
        timer.CancelAfter(idleTimeout);
        try
        {
            if (!await enumerator.MoveNextAsync())
            {
                Ended = true;
                return null;
            }
            return enumerator.Current;
        }
        catch (Exception exception) when (timer.IsCancellationRequested)
        {
            throw onTimerFired(exception);
        }
        finally
        {
            if (!timer.IsCancellationRequested)
            {
                timer.CancelAfter(Timeout.InfiniteTimeSpan);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeQuietlyAsync(enumerator);
        timer.Dispose();
    }

    /// <summary>Disposing an SDK stream after a network failure may throw again; that second error says nothing new.</summary>
    public static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> enumerator)
    {
        try
        {
            await enumerator.DisposeAsync();
        }
        catch (Exception)
        {
            // Already failing or finished; the connection is dropped either way.
        }
    }
}
