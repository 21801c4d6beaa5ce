using System.Threading.Channels;

namespace SalesMate.Services.Jobs;

/// <summary>One piece of background work: the row <paramref name="Id"/> of tenant <paramref name="TenantId"/>.</summary>
public sealed record TenantJob(Guid TenantId, Guid Id);

/// <summary>
/// Rows waiting for a <see cref="TenantJobWorker"/> in this instance. The database is the source of truth (each job
/// kind has a queued status), so an entry lost with the process is found again at the next start. One subclass per
/// job kind, so each is its own DI singleton.
/// </summary>
public abstract class TenantJobQueue
{
    private readonly Channel<TenantJob> _channel = Channel.CreateUnbounded<TenantJob>(new UnboundedChannelOptions { SingleWriter = false });

    public void Enqueue(Guid tenantId, Guid id) => _channel.Writer.TryWrite(new TenantJob(tenantId, id));

    public ChannelReader<TenantJob> Reader => _channel.Reader;
}
