namespace SalesMate.Utils;

/// <summary>A background job that purges what expired at a fixed interval; a failed run is logged and retried next time.</summary>
public abstract class Janitor(TimeProvider clock, ILogger logger, TimeSpan interval, string what) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Purging {What} failed; will retry", what);
            }
        }
    }

    /// <summary>One purge; returns how many records it deleted.</summary>
    public abstract Task<int> PurgeAsync(CancellationToken cancellationToken);
}
