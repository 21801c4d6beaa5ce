using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Ingestion;

/// <summary>
/// The demo knowledge base: data/documents (warranty, returns, shipping, financing, price match, support) ingested into
/// the demo tenant's sales namespace through the same pipeline as uploads (checks, stored original, chunks, index), so
/// a fresh start answers "how long is the warranty on laptops?"; data/documents/trainer (the finance products a trainee
/// learns, e.g. GAP insurance) into its trainer namespace. Each namespace only when it has no documents yet, and only
/// with <c>demo.documents</c> on. Runs in the current tenant.
/// </summary>
public sealed class DemoDocuments(
    ForegroundIngestion ingestion,
    SalesMateDbContext db,
    IOptions<DemoOptions> demo,
    IOptions<AppOptions> app,
    ILogger<DemoDocuments> logger)
{
    public const string Tag = "demo";

    public async Task<int> SeedAsync(string tenantSlug, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(app.Value.DataDir, "documents");
        return await SeedFolderAsync(folder, KnowledgeNamespaces.For(tenantSlug), cancellationToken)
               + await SeedFolderAsync(Path.Combine(folder, Agents.Trainer), KnowledgeNamespaces.For(tenantSlug, Agents.Trainer), cancellationToken);
    }

    private async Task<int> SeedFolderAsync(string folder, string ns, CancellationToken cancellationToken)
    {
        if (!demo.Value.Documents || !Directory.Exists(folder) || await db.Documents.AnyAsync(d => d.Namespace == ns, cancellationToken))
        {
            return 0;
        }
        var ready = 0;
        foreach (var path in Directory.EnumerateFiles(folder).Where(p => DocumentFormats.ByExtension.ContainsKey(Path.GetExtension(p))).Order(StringComparer.Ordinal))
        {
            var file = new IncomingFile(Path.GetFileName(path), new FileInfo(path).Length, () => File.OpenRead(path));
            var result = await ingestion.IngestAsync(file, ns, [Tag], cancellationToken);
            if (result.Status == DocumentStatus.Ready)
            {
                ready++;
            }
            else
            {
                logger.LogWarning("Demo document {File} was not ingested: {Status} {Detail}", result.Name, result.Status, result.Detail);
            }
        }
        logger.LogInformation("Demo knowledge base: {Count} documents ingested into {Namespace}", ready, ns);
        return ready;
    }
}
