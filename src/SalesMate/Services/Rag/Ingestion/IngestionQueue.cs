using SalesMate.Services.Jobs;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// Documents waiting to be parsed in this instance (by document id). The database is the source of truth (status
/// queued), so an entry lost with the process is found again at the next start (see <see cref="IngestionWorker"/>).
/// </summary>
public sealed class IngestionQueue : TenantJobQueue;
