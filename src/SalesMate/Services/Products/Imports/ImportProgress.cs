using System.Collections.Concurrent;

namespace SalesMate.Services.Products.Imports;

/// <summary>
/// Rows written so far by the imports running in this instance. The importer writes in one transaction, so the job
/// row cannot show progress until it commits; status reads take the live count from here while the job runs.
/// </summary>
public sealed class ImportProgress
{
    private readonly ConcurrentDictionary<Guid, int> _processed = new();

    public IProgress<int> For(Guid jobId) => new Reporter(this, jobId);

    public int? Processed(Guid jobId) => _processed.TryGetValue(jobId, out var count) ? count : null;

    public void Forget(Guid jobId) => _processed.TryRemove(jobId, out _);

    private sealed class Reporter(ImportProgress owner, Guid jobId) : IProgress<int>
    {
        public void Report(int value) => owner._processed[jobId] = value;
    }
}
