using SalesMate.Core.Entities;
using SalesMate.Services.Llm.Understanding;
using SalesMate.Services.Products;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// What the shopper ruled out (the conversation's merged state) and the price order this message asked for. Every
/// <c>search_products</c> call applies them whatever arguments the model gives: a model that forgets "no Acme" must
/// still not show Acme. The order is only a default; the model's own <c>sort</c> wins.
/// </summary>
internal sealed record ShopperConstraints(IReadOnlyList<string> ExcludedBrands, IReadOnlyList<string> ExcludedFeatures, PriceOrder PriceOrder)
{
    public static ShopperConstraints None { get; } = new([], [], PriceOrder.Relevance);

    public static ShopperConstraints Of(ConversationState state, ParsedQuery message) =>
        new(state.ExcludedBrands, state.ExcludedFeatures, message.PriceOrder);
}
