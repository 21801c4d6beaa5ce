using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Users;

/// <summary>Adds what the assistant learned in conversations to a user's profile, never twice and never over what the user set.</summary>
public sealed class ProfileMerge(SalesMateDbContext db, TimeProvider clock)
{
    public const int MaxListItems = 20;

    /// <summary>The user's profile, created empty (and tracked, not yet saved) when there is none.</summary>
    public async Task<UserProfile> GetOrCreateAsync(Guid userId, CancellationToken cancellationToken)
    {
        var profile = await db.UserProfiles.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        if (profile is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            profile = new UserProfile { Id = Guid.CreateVersion7(), UserId = userId, CreatedAt = now, UpdatedAt = now };
            db.UserProfiles.Add(profile);
        }
        return profile;
    }

    /// <summary>Unions categories and features (case-insensitively) and fills an empty budget from the latest conversation that had one.</summary>
    public async Task AddLearnedAsync(Guid userId, IReadOnlyList<ConversationState> oldestFirst, CancellationToken cancellationToken)
    {
        var profile = await GetOrCreateAsync(userId, cancellationToken);
        var categories = Union(profile.Categories, oldestFirst.SelectMany(s => s.Categories));
        var features = Union(profile.KeyFeatures, oldestFirst.SelectMany(s => s.Features));
        var changed = categories.Count != profile.Categories.Count || features.Count != profile.KeyFeatures.Count;
        profile.Categories = categories;
        profile.KeyFeatures = features;
        if (profile.BudgetMin is null && profile.BudgetMax is null
            && oldestFirst.LastOrDefault(s => s.BudgetMin is not null || s.BudgetMax is not null) is { } budget
            && !(budget.BudgetMin > budget.BudgetMax))
        {
            profile.BudgetMin = budget.BudgetMin;
            profile.BudgetMax = budget.BudgetMax;
            profile.Currency = budget.BudgetCurrency ?? profile.Currency;
            changed = true;
        }
        if (changed)
        {
            profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }
    }

    /// <summary>Trimmed, non-empty, first spelling wins among case-insensitive duplicates, at most <see cref="MaxListItems"/>.</summary>
    public static List<string> Union(IEnumerable<string> first, IEnumerable<string> second) =>
        first.Concat(second)
            .Select(v => v.Trim())
            .Where(v => v.Length > 0)
            .DistinctBy(v => v.ToLowerInvariant())
            .Take(MaxListItems)
            .ToList();
}
