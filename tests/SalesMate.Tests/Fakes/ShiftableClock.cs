namespace SalesMate.Tests.Fakes;

/// <summary>Real time plus an offset a test can move forward, to reach expiry without waiting. Timers stay real.</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
