using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Rag;

/// <summary>A passage of a test document: its section heading and text (and page, for paged formats).</summary>
public sealed record TestSection(string Section, string Text, int? Page = null);

/// <summary>Tenants, documents and chunks written the way ingestion writes them, then indexed by the real indexer.</summary>
internal static class KnowledgeTestKit
{
    public static async Task<Tenant> CreateTenantAsync(IServiceProvider services, string? slug = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        slug ??= $"t{Guid.NewGuid():N}"[..12];
        var tenant = new Tenant { Id = Guid.CreateVersion7(), Name = slug, Slug = slug, CreatedAt = DateTime.UtcNow };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    public static AsyncServiceScope InTenant(IServiceProvider services, Guid tenantId)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        return scope;
    }

    public static T Get<T>(this AsyncServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    /// <summary>Saves a ready document with one chunk per section and indexes it; returns the document and its chunks.</summary>
    public static async Task<(KnowledgeDocument Document, List<DocumentChunk> Chunks)> AddDocumentAsync(IServiceProvider services, Tenant tenant,
        string title, IReadOnlyList<TestSection> sections, string? ns = null, IReadOnlyList<string>? tags = null, string? url = null)
    {
        await using var scope = InTenant(services, tenant.Id);
        var db = scope.Get<SalesMateDbContext>();
        var now = DateTime.UtcNow;
        var document = new KnowledgeDocument
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenant.Id,
            Namespace = ns ?? KnowledgeNamespaces.For(tenant.Slug),
            Title = title,
            FileName = $"{title.ToLowerInvariant().Replace(' ', '-')}.md",
            Format = "md",
            SourceUrl = url,
            SizeBytes = sections.Sum(s => s.Text.Length),
            ContentHash = Guid.NewGuid().ToString("N"),
            Status = DocumentStatus.Ready,
            ChunkCount = sections.Count,
            Tags = [.. tags ?? []],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Documents.Add(document);
        var offset = 0;
        var chunks = sections.Select((s, i) =>
        {
            var chunk = new DocumentChunk
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenant.Id,
                DocumentId = document.Id,
                Namespace = document.Namespace,
                Ordinal = i,
                Text = s.Text,
                Page = s.Page,
                Section = s.Section,
                StartOffset = offset,
                EndOffset = offset + s.Text.Length,
                TokenCount = s.Text.Length / 4,
                CreatedAt = now,
            };
            offset += s.Text.Length + 2;
            return chunk;
        }).ToList();
        db.DocumentChunks.AddRange(chunks);
        await db.SaveChangesAsync();
        await scope.Get<IKnowledgeIndexer>().IndexAsync(document, chunks, null, CancellationToken.None);
        return (document, chunks);
    }

    public static async Task RemoveDocumentAsync(IServiceProvider services, KnowledgeDocument document)
    {
        await using var scope = InTenant(services, document.TenantId);
        await scope.Get<IKnowledgeIndexer>().RemoveAsync(document, CancellationToken.None);
        var db = scope.Get<SalesMateDbContext>();
        await db.Documents.Where(d => d.Id == document.Id).ExecuteDeleteAsync();
    }

    public static readonly TestSection[] WarrantyPolicy =
    [
        new("Laptops", "All laptops come with a two-year manufacturer warranty covering hardware defects. Batteries are covered for one year.", 1),
        new("Phones", "Phones carry a one-year limited warranty. Screen cracks from drops are not covered unless you bought the protection plan.", 2),
        new("Claims", "To make a warranty claim, bring the receipt to any store or open a ticket online; repairs take five to ten working days.", 3),
    ];

    public static readonly TestSection[] ReturnsPolicy =
    [
        new("Return window", "Unopened items can be returned within 30 days for a full refund to the original payment method."),
        new("Opened items", "Opened electronics can be returned within 14 days; a 15% restocking fee applies to opened cameras and drones."),
    ];
}
