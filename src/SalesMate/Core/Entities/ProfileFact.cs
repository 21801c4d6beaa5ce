namespace SalesMate.Core.Entities;

/// <summary>
/// One thing a shopper volunteered in a chat (seeds 002/003: learned facts, contact details, preferences), kept with
/// the message it came from. It belongs to an account (<see cref="UserId"/>) or, until sign-in merges it, to an
/// anonymous chat session (<see cref="SessionId"/>): exactly one of the two is set.
/// </summary>
public sealed class ProfileFact : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? UserId { get; set; }
    public Guid? SessionId { get; set; }

    /// <summary>One of <see cref="ProfileFactKinds"/>.</summary>
    public required string Kind { get; set; }
    public required string Value { get; set; }

    /// <summary>rules, model or user (typed or corrected by the user on the profile page).</summary>
    public required string Source { get; set; }
    public Guid? MessageId { get; set; }
    public Guid? ConversationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class ProfileFactKinds
{
    public const string Name = "name";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Address = "address";

    /// <summary>Values "{amount} {currency}", amount in invariant culture.</summary>
    public const string BudgetMin = "budget_min";
    public const string BudgetMax = "budget_max";
    public const string Category = "category";
    public const string Brand = "brand";
    public const string Feature = "feature";
    public const string Location = "location";
    public const string Product = "product";
    public const string Fact = "fact";

    /// <summary>Kinds with one current value: a newer one replaces the old.</summary>
    public static readonly IReadOnlyList<string> OneValue = [Name, Email, Phone, Address, BudgetMin, BudgetMax];

    public static readonly IReadOnlyList<string> All = [Name, Email, Phone, Address, BudgetMin, BudgetMax, Category, Brand, Feature, Location, Product, Fact];

    public static bool IsSingle(string kind) => OneValue.Contains(kind);
}

public static class ProfileFactSources
{
    public const string Rules = "rules";
    public const string Model = "model";
    public const string User = "user";
}
