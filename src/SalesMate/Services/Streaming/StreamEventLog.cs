using System.Text;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// A running stream's copy of its events in <c>stream_events</c>, for replay and for listeners on other instances. The
/// generation never waits for it: an event is written in the background at most <see cref="WriteDelay"/> after it was
/// produced, with the events produced meanwhile. The last events are written with the stream's final status in one
/// SaveChanges, so a reader that sees the final status also sees every event. See docs/decisions/0012b-first-token-path.md.
/// Nothing is written before <paramref name="questionStored"/> (the stream row and the shopper's message) is committed,
/// and nothing at all if that commit fails.
/// </summary>
public sealed class StreamEventLog(IServiceScopeFactory scopes, Guid tenantId, Guid streamId, ILogger logger, Task questionStored)
{
    /// <summary>Real time, not the app's clock: it bounds how far readers on other instances lag behind.</summary>
    public static readonly TimeSpan WriteDelay = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private List<(SseEvent Event, DateTime CreatedAt)> _pending = [];
    private bool _writeScheduled;
    private bool _completed;
    private Task _writing = Task.CompletedTask;

    public void Add(SseEvent item, DateTime createdAt)
    {
        lock (_gate)
        {
            _pending.Add((item, createdAt));
            if (_writeScheduled || _completed)
            {
                return;
            }
            _writeScheduled = true;
        }
        _ = WriteLaterAsync();
    }

    /// <summary>Writes the events not yet written with the final status (after any write still running).</summary>
    /// <param name="storeScope">The scope that stored the answer, reused (and disposed) here; null to open one.</param>
    public async Task CompleteAsync(string status, string? error, DateTime now, DateTime expiresAt, AsyncServiceScope? storeScope)
    {
        await using var scope = storeScope ?? Open(out _);
        Task running;
        lock (_gate)
        {
            _completed = true;
            running = _writing;
        }
        await running; // a failed write put its events back
        List<(SseEvent, DateTime)> rest;
        lock (_gate)
        {
            rest = Take();
        }
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        db.ChangeTracker.Clear(); // the stored answer's rows: nothing of them is written again
        var stream = db.ChatStreams.Attach(new ChatStream { Id = streamId, TenantId = tenantId });
        stream.Entity.Status = status;
        stream.Entity.Error = error;
        stream.Entity.CompletedAt = now;
        stream.Entity.ExpiresAt = expiresAt;
        await StreamEventRows.SaveAsync(db, Rows(rest), CancellationToken.None);
    }

    private async Task WriteLaterAsync()
    {
        await Task.Delay(WriteDelay, CancellationToken.None);
        await questionStored.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!questionStored.IsCompletedSuccessfully)
        {
            return; // the turn ends unsent and unstored; its events go with it
        }
        Task write;
        lock (_gate)
        {
            _writeScheduled = false;
            if (_completed || _pending.Count == 0)
            {
                return;
            }
            write = _writing = WriteAfterAsync(_writing, Take());
        }
        await write;
    }

    private async Task WriteAfterAsync(Task previous, List<(SseEvent, DateTime)> batch)
    {
        await previous;
        try
        {
            await using var scope = Open(out var db);
            await StreamEventRows.SaveAsync(db, Rows(batch), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Writing events of stream {StreamId} failed; they are written with the final status", streamId);
            lock (_gate)
            {
                _pending.InsertRange(0, batch);
            }
        }
    }

    /// <summary>The table keeps the data as text; it is made from the UTF-8 bytes only here, off the generation's path.</summary>
    private List<StreamEvent> Rows(List<(SseEvent Event, DateTime CreatedAt)> batch) => batch.ConvertAll(e => new StreamEvent
    {
        StreamId = streamId,
        TenantId = tenantId,
        Sequence = e.Event.Sequence,
        Event = e.Event.Event,
        Data = Encoding.UTF8.GetString(e.Event.Data),
        CreatedAt = e.CreatedAt,
    });

    private List<(SseEvent, DateTime)> Take()
    {
        var batch = _pending;
        _pending = [];
        return batch;
    }

    // A short-lived context per write: a running stream holds no DbContext between writes.
    private AsyncServiceScope Open(out SalesMateDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        return scope;
    }
}
