namespace SalesMate.Tests.Voice;

/// <summary>Real time, except timers due after exactly <paramref name="held"/>: those fire only when the test says so.</summary>
public sealed class HeldTimers(TimeSpan held) : TimeProvider
{
    private readonly List<HeldTimer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != held)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }
        var timer = new HeldTimer(callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }
        return timer;
    }

    public int Held
    {
        get
        {
            lock (_timers)
            {
                return _timers.Count(t => !t.Disposed);
            }
        }
    }

    public void FireAll()
    {
        HeldTimer[] due;
        lock (_timers)
        {
            due = [.. _timers.Where(t => !t.Disposed)];
        }
        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class HeldTimer(TimerCallback callback, object? state) : ITimer
    {
        public bool Disposed { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => !Disposed;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
