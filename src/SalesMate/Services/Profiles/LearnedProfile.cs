using SalesMate.Core.Entities;

namespace SalesMate.Services.Profiles;

/// <summary>
/// What the assistant knows about the shopper before answering: learned facts (newest per kind), with the account's
/// profile form filling what chat never told us. Responders put it in the prompt; the local responder uses its budget
/// and categories when a message gives none.
/// </summary>
public sealed record LearnedProfile
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public decimal? BudgetMin { get; init; }
    public decimal? BudgetMax { get; init; }
    public string? BudgetCurrency { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];
    public IReadOnlyList<string> Features { get; init; } = [];
    public IReadOnlyList<string> Locations { get; init; } = [];
    public IReadOnlyList<string> Products { get; init; } = [];
    public IReadOnlyList<string> Facts { get; init; } = [];

    public bool IsEmpty => Name is null && Email is null && Phone is null && Address is null && BudgetMin is null && BudgetMax is null
                           && Categories.Count == 0 && Brands.Count == 0 && Features.Count == 0 && Locations.Count == 0
                           && Products.Count == 0 && Facts.Count == 0;

    public static LearnedProfile From(IReadOnlyList<ProfileFact> facts, UserProfile? form)
    {
        string? Latest(string kind) => facts.Where(f => f.Kind == kind).OrderByDescending(f => f.UpdatedAt).FirstOrDefault()?.Value;
        IReadOnlyList<string> All(string kind) => facts.Where(f => f.Kind == kind).OrderBy(f => f.CreatedAt).Select(f => f.Value)
            .DistinctBy(v => v.ToLowerInvariant()).ToList();
        (decimal? Amount, string? Currency) Budget(string kind) =>
            Latest(kind) is { } value && BudgetValue.TryParse(value, out var amount, out var currency) ? (amount, currency) : (null, null);

        var (min, minCurrency) = Budget(ProfileFactKinds.BudgetMin);
        var (max, maxCurrency) = Budget(ProfileFactKinds.BudgetMax);
        var currency = maxCurrency ?? minCurrency;
        if (min is null && max is null && form is not null && (form.BudgetMin is not null || form.BudgetMax is not null))
        {
            (min, max, currency) = (form.BudgetMin, form.BudgetMax, form.Currency);
        }
        else if (minCurrency is not null && maxCurrency is not null && minCurrency != maxCurrency)
        {
            min = null; // two currencies cannot make one range: the ceiling is what matters more
        }
        var categories = All(ProfileFactKinds.Category);
        var features = All(ProfileFactKinds.Feature);
        return new LearnedProfile
        {
            Name = Latest(ProfileFactKinds.Name),
            Email = Latest(ProfileFactKinds.Email),
            Phone = Latest(ProfileFactKinds.Phone),
            Address = Latest(ProfileFactKinds.Address),
            BudgetMin = min,
            BudgetMax = max,
            BudgetCurrency = currency,
            Categories = categories.Count > 0 || form is null ? categories : form.Categories,
            Brands = All(ProfileFactKinds.Brand),
            Features = features.Count > 0 || form is null ? features : form.KeyFeatures,
            Locations = All(ProfileFactKinds.Location),
            Products = All(ProfileFactKinds.Product),
            Facts = [.. All(ProfileFactKinds.Fact), .. form?.Preferences ?? []],
        };
    }
}
