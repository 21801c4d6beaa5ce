using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm.Gateway;
using SalesMate.Services.Rag.Embeddings;
using SalesMate.Vector;

namespace SalesMate.Services.Rag;

/// <summary>
/// Hybrid product search for the chat: the catalog's BM25 (<see cref="CatalogSnapshot.Search"/>) and product vectors
/// (<see cref="ProductVectorIndex"/>) fused by reciprocal rank fusion, with category, price range and stock filters
/// applied inside both searches. <see cref="SimilarAsync"/> finds neighbours of a product (seed 001's budget
/// alternatives and "similar in other categories").
/// </summary>
public sealed partial class ProductRetriever(
    CatalogIndex catalogs,
    ProductVectorIndex productVectors,
    EmbeddingService embeddings,
    IOptions<RetrievalOptions> options,
    ILogger<ProductRetriever> logger)
{
    private readonly RetrievalOptions _options = options.Value;

    public async Task<IReadOnlyList<RetrievedProduct>> SearchAsync(SalesMateDbContext db, ProductQuery query, CancellationToken cancellationToken)
    {
        var topK = Math.Clamp(query.TopK ?? _options.TopK, 1, 100);
        var catalog = await catalogs.GetAsync(db, cancellationToken);
        if (string.IsNullOrWhiteSpace(query.Text) || catalog.Products.Count == 0)
        {
            return [];
        }
        bool Accept(Product p) =>
            (query.Category is null || string.Equals(p.Category, query.Category, StringComparison.OrdinalIgnoreCase))
            && (query.MinPrice is null || p.Price >= query.MinPrice)
            && (query.MaxPrice is null || p.Price <= query.MaxPrice)
            && (!query.InStockOnly || p.Stock > 0);
        var candidates = Math.Max(_options.Candidates, topK * 2);
        var lexical = query.Mode == RetrievalMode.Vector
            ? []
            : catalog.Search(query.Text, candidates, Accept).Select(h => (h.Product, h.Score)).ToList();
        var semantic = query.Mode == RetrievalMode.FullText
            ? []
            : await VectorSearchAsync(db, catalog, query.Text, candidates, row => Accept(catalog.Products[row]), cancellationToken);
        var ranked = query.Mode switch
        {
            RetrievalMode.FullText => lexical.Select((h, i) => new RetrievedProduct(h.Product, h.Score, i + 1, null)),
            RetrievalMode.Vector => semantic.Select((h, i) => new RetrievedProduct(h.Product, h.Score, null, i + 1)),
            _ => Fuse(catalog, query, lexical.Select(h => h.Product.Id).ToList(), semantic.Select(h => h.Product.Id).ToList()),
        };
        return ranked.Take(topK).ToList();
    }

    /// <summary>
    /// Products closest to <paramref name="productId"/> by vector, excluding itself, within the price band and, unless
    /// <paramref name="otherCategories"/>, in its category (otherwise only in other categories).
    /// </summary>
    public async Task<IReadOnlyList<RetrievedProduct>> SimilarAsync(SalesMateDbContext db, Guid productId, decimal? minPrice, decimal? maxPrice,
        bool otherCategories, int topK, CancellationToken cancellationToken)
    {
        var catalog = await catalogs.GetAsync(db, cancellationToken);
        if (catalog.Find(productId) is not { } product)
        {
            return [];
        }
        var matrix = await productVectors.GetAsync(db, catalog, cancellationToken);
        var self = catalog.PositionOf(productId);
        var hits = matrix.Top(matrix.Row(self), topK, row =>
        {
            var p = catalog.Products[row];
            return row != self
                   && string.Equals(p.Category, product.Category, StringComparison.OrdinalIgnoreCase) != otherCategories
                   && (minPrice is null || p.Price >= minPrice) && (maxPrice is null || p.Price <= maxPrice);
        });
        return hits.Select((h, i) => new RetrievedProduct(catalog.Products[h.Row], h.Score, null, i + 1)).ToList();
    }

    /// <summary>
    /// BM25 and vector rankings fused; when the shopper names a category ("a quiet laptop...") and no category filter is
    /// set, the fused products of that category form a third ranking, so they rise without the others being cut.
    /// </summary>
    private IEnumerable<RetrievedProduct> Fuse(CatalogSnapshot catalog, ProductQuery query, List<Guid> lexical, List<Guid> semantic)
    {
        var fused = ReciprocalRankFusion.Fuse(_options.RrfK, lexical, semantic);
        var named = query.Category is null ? catalog.Parser.Parse(query.Text).Categories : [];
        if (named.Count > 0)
        {
            var inNamed = fused.Select(f => f.Item)
                .Where(id => named.Contains(catalog.Find(id)!.Category, StringComparer.OrdinalIgnoreCase)).ToList();
            fused = ReciprocalRankFusion.Fuse(_options.RrfK, lexical, semantic, inNamed);
        }
        return fused.Select(f => new RetrievedProduct(catalog.Find(f.Item)!, f.Score, f.Ranks[0], f.Ranks[1]));
    }

    private async Task<List<(Product Product, double Score)>> VectorSearchAsync(SalesMateDbContext db, CatalogSnapshot catalog, string text,
        int limit, Func<int, bool> accept, CancellationToken cancellationToken)
    {
        try
        {
            var matrix = await productVectors.GetAsync(db, catalog, cancellationToken);
            var vector = await embeddings.EmbedAsync(db, text, cancellationToken);
            return matrix.Top(vector, limit, accept).Select(h => (catalog.Products[h.Row], (double)h.Score)).ToList();
        }
        catch (LlmUnavailableException exception)
        {
            LogVectorsUnavailable(logger, exception.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Product vector search skipped, answering from the catalog's BM25: {Reason}")]
    private static partial void LogVectorsUnavailable(ILogger logger, string reason);
}
