using SalesMate.Core.Entities;
using SalesMate.Services.Products;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// What the shopper ruled out and the price order they asked for, in this message or earlier in the category (the
/// conversation's merged state). Every <c>search_products</c> call applies them whatever arguments the model gives: a
/// model that forgets "no Acme" must still not show Acme. The order is only a default; the model's own <c>sort</c> wins.
/// </summary>
internal sealed record ShopperConstraints(IReadOnlyList<string> ExcludedBrands, IReadOnlyList<string> ExcludedFeatures, PriceOrder PriceOrder)
{
    public static ShopperConstraints None { get; } = new([], [], PriceOrder.Relevance);

    public static ShopperConstraints Of(ConversationState state) => new(state.ExcludedBrands, state.ExcludedFeatures, state.PriceOrder);
}
