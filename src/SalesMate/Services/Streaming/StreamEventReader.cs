using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Streaming;

/// <summary>
/// The events of one stream after a given id, as SSE items: from memory when this instance generates it, otherwise
/// from the database (replay, and polling while another instance is still producing). Silence longer than the
/// heartbeat interval gets a <c>heartbeat</c> event without an id, so Last-Event-ID is unaffected.
/// </summary>
public sealed class StreamEventReader(Lazy<SalesMateDbContext> database, StreamHub hub, IOptions<StreamingOptions> options)
{
    private static readonly ReadOnlyMemory<byte> Heartbeat = "{}"u8.ToArray();

    // Lazy: a listener of a stream generated here never touches the database, so it holds no DbContext while it waits.
    private SalesMateDbContext Db => database.Value;

    public async IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> ReadAsync(Guid streamId, int afterSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var heartbeat = TimeSpan.FromSeconds(settings.HeartbeatSeconds);
        var retry = TimeSpan.FromMilliseconds(settings.RetryMs);
        var first = true;
        var lastSent = DateTime.UtcNow;
        var lastProgress = DateTime.UtcNow;
        var orphanAfter = TimeSpan.FromSeconds(settings.OrphanAfterSeconds);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<SseEvent> events;
            bool finished;
            Task wait;
            if (hub.Find(streamId) is { } live)
            {
                (events, finished, var changed) = live.ReadAfter(afterSequence);
                wait = changed;
            }
            else
            {
                events = await StoredAfterAsync(streamId, afterSequence, cancellationToken);
                finished = events.Count < 500 && await IsFinishedAsync(streamId, cancellationToken);
                wait = Task.Delay(TimeSpan.FromMilliseconds(settings.PollMs), cancellationToken);
                if (events.Count > 0)
                {
                    lastProgress = DateTime.UtcNow;
                }
                else if (!finished && DateTime.UtcNow - lastProgress > orphanAfter && await MarkOrphanedAsync(streamId, cancellationToken))
                {
                    yield return new SseItem<ReadOnlyMemory<byte>>(StreamEventPayloads.Error("incomplete",
                        "The server producing this answer stopped before finishing; your message is saved, so you can retry.", retryable: true), "error");
                    yield break;
                }
            }

            foreach (var item in events)
            {
                afterSequence = item.Sequence;
                lastSent = DateTime.UtcNow;
                yield return new SseItem<ReadOnlyMemory<byte>>(item.Data, item.Event)
                {
                    EventId = item.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ReconnectionInterval = first ? retry : null,
                };
                first = false;
            }
            if (finished && (events.Count == 0 || IsFinal(events[^1])))
            {
                yield break;
            }
            if (events.Count > 0)
            {
                continue;
            }

            var remaining = heartbeat - (DateTime.UtcNow - lastSent);
            if (remaining <= TimeSpan.Zero)
            {
                lastSent = DateTime.UtcNow;
                yield return new SseItem<ReadOnlyMemory<byte>>(Heartbeat, "heartbeat") { ReconnectionInterval = first ? retry : null };
                first = false;
                continue;
            }
            // Wakes on the next event (or poll) at once; a timeout or cancellation only ends the wait, checked above.
            await wait.WaitAsync(remaining, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Ends a stream nobody is producing any more; false if it finished meanwhile.</summary>
    private async Task<bool> MarkOrphanedAsync(Guid streamId, CancellationToken cancellationToken) =>
        await Db.ChatStreams.Where(s => s.Id == streamId && (s.Status == ChatStreamStatus.Pending || s.Status == ChatStreamStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, ChatStreamStatus.Incomplete)
                .SetProperty(x => x.Error, "orphaned: no progress from the producing instance"), cancellationToken) > 0;

    /// <summary>Stored events as they were sent live: the table keeps the data as text, the wire takes its UTF-8 bytes.</summary>
    private async Task<List<SseEvent>> StoredAfterAsync(Guid streamId, int afterSequence, CancellationToken cancellationToken)
    {
        var rows = await Db.StreamEvents.AsNoTracking()
            .Where(e => e.StreamId == streamId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence).Take(500)
            .Select(e => new { e.Sequence, e.Event, e.Data })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(e => new SseEvent(e.Sequence, e.Event, Encoding.UTF8.GetBytes(e.Data)));
    }

    private static bool IsFinal(SseEvent item) => item.Event is "done" or "error";

    private Task<bool> IsFinishedAsync(Guid streamId, CancellationToken cancellationToken) =>
        Db.ChatStreams.AsNoTracking().AnyAsync(s => s.Id == streamId &&
            (s.Status == ChatStreamStatus.Completed || s.Status == ChatStreamStatus.Stopped ||
             s.Status == ChatStreamStatus.Incomplete || s.Status == ChatStreamStatus.Failed), cancellationToken);
}
