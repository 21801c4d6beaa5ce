namespace SalesMate.Core.Entities;

/// <summary>The filters and context carried across turns (seed 001's ConversationSession, persisted).</summary>
public sealed record ConversationState
{
    public decimal? BudgetMin { get; init; }
    public decimal? BudgetMax { get; init; }
    public decimal? BudgetTarget { get; init; }
    public string? BudgetCurrency { get; init; }
    public List<string> Categories { get; init; } = [];
    public List<string> Brands { get; init; } = [];
    public List<string> Features { get; init; } = [];
    public bool InStockOnly { get; init; }

    /// <summary>Products in the last answer, in the order shown, so "the first two" and "cheaper" refer to them.</summary>
    public List<Guid> LastShownProductIds { get; init; } = [];
    public string? LastIntent { get; init; }
    public int ProductsViewedCount { get; init; }
    public bool AskedQualifyingQuestion { get; init; }
}
