using SalesMate.Core.Entities;
using SalesMate.Repositories;

namespace SalesMate.Api.Models;

public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total, int TotalPages);

public sealed record ProductResponse(
    Guid Id, string Sku, string Name, string Brand, string Category, decimal Price, string Currency, int Stock, bool InStock,
    decimal? Rating, string Description, IReadOnlyDictionary<string, string> Specs, IReadOnlyList<string> Tags)
{
    public static ProductResponse From(Product p) =>
        new(p.Id, p.Sku, p.Name, p.Brand, p.Category, p.Price, p.Currency, p.Stock, p.Stock > 0, p.Rating, p.Description, p.Specs, p.Tags);
}

public sealed record ProductSearchHit(ProductResponse Product, double Score);

public sealed record ProductSearchResponse(string Query, IReadOnlyList<ProductSearchHit> Results);

public sealed record CategoryResponse(string Name, int ProductCount, decimal MinPrice, decimal MaxPrice)
{
    public static CategoryResponse From(CategorySummary c) => new(c.Name, c.ProductCount, c.MinPrice, c.MaxPrice);
}

public sealed record PersonaResponse(
    Guid Id, string Code, string Name, string Description, decimal? BudgetMin, decimal? BudgetMax, string Currency,
    IReadOnlyList<string> Categories, IReadOnlyList<string> KeyFeatures)
{
    public static PersonaResponse From(ShopperPersona p) =>
        new(p.Id, p.Code, p.Name, p.Description, p.BudgetMin, p.BudgetMax, p.Currency, p.Categories, p.KeyFeatures);
}

public sealed record StartChatResponse(Guid ConversationId, string Greeting, Guid? PersonaId, IReadOnlyList<string> SuggestedActions,
    string? SessionToken);

public sealed record ChatProduct(Guid Id, string Sku, string Name, string Brand, string Category, decimal Price, string Currency,
    bool InStock, string Reason);

public sealed record ChatMessageResponse(
    Guid MessageId, Guid ConversationId, string Answer, IReadOnlyList<ChatProduct> Products, IReadOnlyList<Citation> Sources,
    string Intent, IReadOnlyList<string> SuggestedActions, double Confidence, double ResponseTimeMs)
{
    public string Responder { get; init; } = "local";
    public bool Degraded { get; init; }

    /// <summary>positive, neutral, negative, frustrated or excited: the shopper's message this answers.</summary>
    public string? Sentiment { get; init; }

    /// <summary>The conversation's frustration, 0-10.</summary>
    public int? Frustration { get; init; }

    /// <summary>awareness, consideration or decision.</summary>
    public string? Stage { get; init; }

    /// <summary>0-10.</summary>
    public double? Engagement { get; init; }

    /// <summary>This answer offers a human (callback or contact) and flagged the conversation for sales.</summary>
    public bool Escalation { get; init; }

    /// <summary>The conversation is flagged for sales (by this answer or an earlier one).</summary>
    public bool Escalated { get; init; }
}

public sealed record ConversationResponse(Guid Id, string? Title, Guid? PersonaId, int MessageCount, DateTime CreatedAt,
    DateTime UpdatedAt, DateTime? LastMessageAt)
{
    public static ConversationResponse From(ConversationListItem c) =>
        new(c.Id, c.Title, c.ShopperPersonaId, c.MessageCount, c.CreatedAt, c.UpdatedAt, c.LastMessageAt);
}

public sealed record MessageResponse(Guid Id, string Role, string Content, DateTime CreatedAt, string? Intent,
    IReadOnlyList<ShownProduct> Products, IReadOnlyList<Citation> Sources, IReadOnlyList<string> SuggestedActions,
    string? Status, bool Degraded, string? Responder)
{
    public string? Sentiment { get; init; }
    public int? Frustration { get; init; }
    public string? Stage { get; init; }
    public bool Escalation { get; init; }

    /// <summary>Milliseconds per pipeline step of this answer (<c>classify_ms</c>, <c>respond_ms</c>, …); empty for other messages.</summary>
    public IReadOnlyDictionary<string, double> Steps { get; init; } = new Dictionary<string, double>();

    public static MessageResponse From(Message m) =>
        new(m.Id, m.Role, m.Content, m.CreatedAt, m.Metadata.Intent, m.Metadata.Products, m.Metadata.Citations, m.Metadata.SuggestedActions,
            m.Metadata.Status, m.Metadata.Degraded, m.Metadata.Responder)
        {
            Sentiment = m.Metadata.Sentiment,
            Frustration = m.Metadata.Frustration,
            Stage = m.Metadata.Stage,
            Escalation = m.Metadata.EscalationOffered,
            Steps = m.Metadata.Steps,
        };
}

public sealed record HistoryResponse(IReadOnlyList<ConversationResponse> Conversations);

public sealed record MessagesResponse(Guid ConversationId, IReadOnlyList<MessageResponse> Messages);
