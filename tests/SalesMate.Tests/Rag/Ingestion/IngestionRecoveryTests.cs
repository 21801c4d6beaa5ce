using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag.Ingestion;

/// <summary>Documents left queued or processing by a stopped instance are finished by the next one.</summary>
public abstract class IngestionRecoveryTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_restarted_app_picks_up_queued_and_abandoned_processing_documents()
    {
        var database = await TestDatabase.CreateAsync(kind);
        var uploadDir = Path.Combine(Path.GetTempPath(), "salesmate-tests", "uploads-" + Guid.NewGuid().ToString("N"));
        var settings = KnowledgeAppFixture.Settings(uploadDir);
        try
        {
            Guid tenantId, queued, abandoned;
            await using (var first = new SalesMateFactory(database, settings))
            {
                tenantId = await KnowledgeAppFixture.DemoTenantIdAsync(first);
                await using var scope = first.Services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
                var outcomes = await scope.ServiceProvider.GetRequiredService<KnowledgeUploads>().AddAsync(
                [
                    File("left-queued.txt", "Left in the queue when the instance stopped."),
                    File("left-processing.md", "# Half done\n\nThe instance died while parsing this one."),
                ], "demo/sales", [], null, CancellationToken.None);
                (queued, abandoned) = (outcomes[0].Document.Id, outcomes[1].Document.Id);
                var longAgo = DateTime.UtcNow.AddHours(-1);
                await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Documents.Where(d => d.Id == abandoned)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DocumentStatus.Processing).SetProperty(d => d.UpdatedAt, longAgo));
            }

            await using var second = new SalesMateFactory(database, settings);
            await using var check = second.Services.CreateAsyncScope();
            check.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
            var db = check.ServiceProvider.GetRequiredService<SalesMateDbContext>();
            for (var attempt = 0; attempt < 600 && await db.Documents.AnyAsync(d => d.Status != DocumentStatus.Ready && d.Status != DocumentStatus.Failed); attempt++)
            {
                await Task.Delay(100);
            }
            var documents = await db.Documents.AsNoTracking().ToDictionaryAsync(d => d.Id);
            documents[queued].Status.Should().Be(DocumentStatus.Ready, documents[queued].Error);
            documents[abandoned].Status.Should().Be(DocumentStatus.Ready, documents[abandoned].Error);
            documents[abandoned].ChunkCount.Should().Be(1);
            (await db.DocumentChunks.SingleAsync(c => c.DocumentId == abandoned)).Section.Should().Be("Half done");
        }
        finally
        {
            await database.DisposeAsync();
            if (Directory.Exists(uploadDir))
            {
                Directory.Delete(uploadDir, recursive: true);
            }
        }
    }

    private static IncomingFile File(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new IncomingFile(name, bytes.Length, () => new MemoryStream(bytes));
    }
}

[Collection("sqlite")]
public sealed class SqliteIngestionRecoveryTests() : IngestionRecoveryTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresIngestionRecoveryTests() : IngestionRecoveryTests(DatabaseKind.Postgres);
