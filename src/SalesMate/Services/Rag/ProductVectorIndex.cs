using System.Collections.Concurrent;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Vector;

namespace SalesMate.Services.Rag;

/// <summary>
/// One vector per product of a tenant's catalog snapshot, in process, rebuilt when the catalog version changes (products
/// are few next to passages, and <see cref="CatalogIndex"/> already holds them in memory). Row i is the product at
/// position i of the snapshot. Hosted embeddings go through the embedding cache, so a rebuild only embeds changed products.
/// </summary>
public sealed class ProductVectorIndex(EmbeddingService embeddings)
{
    private readonly ConcurrentDictionary<Guid, (long Version, VectorMatrix Matrix)> _catalogs = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public async Task<VectorMatrix> GetAsync(SalesMateDbContext db, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        if (_catalogs.TryGetValue(catalog.TenantId, out var current) && current.Version == catalog.Version)
        {
            return current.Matrix;
        }
        var gate = _locks.GetOrAdd(catalog.TenantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_catalogs.TryGetValue(catalog.TenantId, out current) && current.Version == catalog.Version)
            {
                return current.Matrix;
            }
            var vectors = await embeddings.EmbedAsync(db, catalog.Products.Select(TextOf).ToList(), null, cancellationToken);
            var dimensions = vectors.Length == 0 ? 0 : vectors[0].Length;
            var values = new float[vectors.Length * dimensions];
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i].CopyTo(values.AsSpan(i * dimensions, dimensions));
            }
            var matrix = new VectorMatrix(dimensions, values, vectors.Length);
            _catalogs[catalog.TenantId] = (catalog.Version, matrix);
            return matrix;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>What is embedded for a product: name, brand, category, description, tags and specs.</summary>
    public static string TextOf(Product product) =>
        $"{product.Name}. {product.Brand} {product.Category}. {product.Description} " +
        $"{string.Join(", ", product.Tags)}. {string.Join("; ", product.Specs.Select(s => $"{s.Key}: {s.Value}"))}";
}
