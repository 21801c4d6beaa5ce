using SalesMate.Core.Entities;
using SalesMate.Services.Products;
using SalesMate.Vector;

namespace SalesMate.Services.Llm;

/// <summary>Produces the assistant's answer for one turn. The local responder is the default and the fallback of hosted ones.</summary>
public interface ISalesResponder
{
    string Name { get; }

    Task<ResponderReply> RespondAsync(ResponderContext context, CancellationToken cancellationToken);
}

public sealed record ResponderContext(
    CatalogSnapshot Catalog,
    ConversationState State,
    string Message,
    ShopperPersona? Shopper,
    AssistantPersona? Assistant);

public sealed record ResponderReply(
    string Answer,
    IReadOnlyList<Recommendation> Products,
    string Intent,
    IReadOnlyList<string> SuggestedActions,
    double Confidence,
    ConversationState State);

public static class Intents
{
    public const string Greeting = "greeting";
    public const string Thanks = "thanks";
    public const string Goodbye = "goodbye";
    public const string ProductSearch = "product_search";
    public const string ProductDetail = "product_detail";
    public const string Comparison = "comparison";
    public const string BudgetAlternative = "budget_alternative";
    public const string Clarification = "clarification";
}
