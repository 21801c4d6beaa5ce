using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Rag.Evaluation;

/// <summary>
/// Puts the evaluation documents (Markdown files, one passage per "## " section) into a namespace of their own, replacing
/// what a previous run left there, through the real indexer. Runs in the tenant of <paramref name="db"/>.
/// </summary>
public static class EvaluationDocuments
{
    public static async Task<int> IndexAsync(SalesMateDbContext db, IKnowledgeIndexer indexer, string folder, string ns, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        foreach (var old in await db.Documents.Where(d => d.Namespace == ns).ToListAsync(cancellationToken))
        {
            await indexer.RemoveAsync(old, cancellationToken);
            db.Documents.Remove(old);
            await db.SaveChangesAsync(cancellationToken);
        }
        var passages = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*.md").Order(StringComparer.Ordinal))
        {
            var markdown = await File.ReadAllTextAsync(path, cancellationToken);
            var fileName = Path.GetFileName(path);
            var (title, sections) = MarkdownSections.Split(markdown, Path.GetFileNameWithoutExtension(path));
            var now = clock.GetUtcNow().UtcDateTime;
            var document = new KnowledgeDocument
            {
                Id = Guid.CreateVersion7(),
                TenantId = db.CurrentTenantId,
                Namespace = ns,
                Title = title,
                FileName = fileName,
                Format = "md",
                SizeBytes = new FileInfo(path).Length,
                ContentHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(markdown))),
                Status = DocumentStatus.Ready,
                ChunkCount = sections.Count,
                Tags = ["evaluation"],
                CreatedAt = now,
                UpdatedAt = now,
                IndexedAt = now,
            };
            db.Documents.Add(document);
            var offset = 0;
            var chunks = new List<DocumentChunk>();
            foreach (var (section, i) in sections.Select((s, i) => (s, i)))
            {
                var text = $"{section.Heading}\n{section.Text}";
                chunks.Add(new DocumentChunk
                {
                    Id = Guid.CreateVersion7(),
                    TenantId = document.TenantId,
                    DocumentId = document.Id,
                    Namespace = ns,
                    Ordinal = i,
                    Text = text,
                    Section = section.Heading,
                    StartOffset = offset,
                    EndOffset = offset + text.Length,
                    TokenCount = (text.Length + 3) / 4,
                    CreatedAt = now,
                });
                offset += text.Length + 1;
            }
            db.DocumentChunks.AddRange(chunks);
            await db.SaveChangesAsync(cancellationToken);
            await indexer.IndexAsync(document, chunks, null, cancellationToken);
            passages += chunks.Count;
        }
        return passages;
    }
}
