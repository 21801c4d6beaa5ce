using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Products;

namespace SalesMate.Web;

/// <summary>A stored message as the transcript shows it: Markdown already made safe HTML, product cards with details.</summary>
public sealed record TranscriptMessage(Guid Id, string Role, string Text, string Html, IReadOnlyList<ProductCard> Products,
    IReadOnlyList<Citation> Sources, IReadOnlyList<string> SuggestedActions, string? Status, DateTime CreatedAt);

public sealed record ProductCard(Guid Id, string Name, string Brand, string Category, string Price, int Stock, string? Reason,
    IReadOnlyList<KeyValuePair<string, string>> Specs);

/// <summary>Turns stored messages into <see cref="TranscriptMessage"/>s, loading each shown product once.</summary>
public sealed class TranscriptBuilder(SalesMateDbContext db)
{
    public const int SpecsShown = 3;

    public async Task<IReadOnlyList<TranscriptMessage>> BuildAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        var ids = messages.SelectMany(m => m.Metadata.Products.Select(p => p.Id)).Distinct().ToList();
        var products = ids.Count == 0 ? new Dictionary<Guid, Product>()
            : await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        return messages.Where(m => m.Role != MessageRole.System).Select(m => new TranscriptMessage(
            m.Id, m.Role, m.Content,
            m.Role == MessageRole.Assistant ? SafeMarkdown.ToHtml(m.Content) : "",
            m.Metadata.Products.Select(shown => products.TryGetValue(shown.Id, out var product) ? Card(product, shown.Reason)
                : new ProductCard(shown.Id, shown.Name, "", "", Money.Format(shown.Price, shown.Currency), 0, shown.Reason, [])).ToList(),
            m.Metadata.Citations, m.Metadata.SuggestedActions, m.Metadata.Status, m.CreatedAt)).ToList();
    }

    public static ProductCard Card(Product product, string? reason) => new(product.Id, product.Name, product.Brand, product.Category,
        Money.Format(product.Price, product.Currency), product.Stock, reason, product.Specs.Take(SpecsShown).ToList());
}
