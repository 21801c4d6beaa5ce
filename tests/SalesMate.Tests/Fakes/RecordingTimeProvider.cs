using System.Collections.Concurrent;

namespace SalesMate.Tests.Fakes;

/// <summary>Real time, but remembers the due time of every timer created (e.g. Polly's retry delays), for assertions.</summary>
public sealed class RecordingTimeProvider : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _timers = new();

    public IReadOnlyCollection<TimeSpan> TimerDueTimes => [.. _timers];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _timers.Enqueue(dueTime);
        return System.CreateTimer(callback, state, dueTime, period);
    }
}
