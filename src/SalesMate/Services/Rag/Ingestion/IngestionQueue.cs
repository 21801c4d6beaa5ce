using System.Threading.Channels;

namespace SalesMate.Services.Rag.Ingestion;

public sealed record IngestionJob(Guid TenantId, Guid DocumentId);

/// <summary>
/// Documents waiting to be parsed in this instance. The database is the source of truth (status queued), so an entry
/// lost with the process is found again at the next start (see <see cref="IngestionWorker"/>).
/// </summary>
public sealed class IngestionQueue
{
    private readonly Channel<IngestionJob> _channel = Channel.CreateUnbounded<IngestionJob>(new UnboundedChannelOptions { SingleWriter = false });

    public void Enqueue(Guid tenantId, Guid documentId) => _channel.Writer.TryWrite(new IngestionJob(tenantId, documentId));

    public ChannelReader<IngestionJob> Reader => _channel.Reader;
}
