using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Users;

/// <summary>The signed-in user's account and shopping profile (seed 000: GET /users/me, PUT /users/profile).</summary>
public sealed class UserService(SalesMateDbContext db, ProfileMerge profiles, TimeProvider clock)
{
    public async Task<(User User, UserProfile? Profile, string DefaultCurrency)> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
                   ?? throw new NotFoundException("User", userId);
        var profile = await db.UserProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        return (user, profile, await TenantCurrencyAsync(user.TenantId, cancellationToken));
    }

    /// <summary>
    /// Replaces the profile with <paramref name="input"/> (omitted lists become empty; omitted currency and display name
    /// stay). A changed budget replaces the budget learned in chat unless the caller edits the learned facts itself.
    /// </summary>
    public async Task<(User User, UserProfile Profile)> UpdateProfileAsync(Guid userId, ProfileInput input, CancellationToken cancellationToken,
        bool learnedFactsEditedToo = false)
    {
        if (input.Validate() is { Count: > 0 } errors)
        {
            throw new RequestValidationException(errors);
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException("User", userId);
        var profile = await profiles.GetOrCreateAsync(userId, cancellationToken);
        if (db.Entry(profile).State == EntityState.Added)
        {
            profile.Currency = await TenantCurrencyAsync(user.TenantId, cancellationToken);
        }
        if (input.DisplayName is { } name)
        {
            user.DisplayName = name.Trim();
        }
        var currency = input.Currency?.ToUpperInvariant() ?? profile.Currency;
        if (!learnedFactsEditedToo && (profile.BudgetMin != input.BudgetMin || profile.BudgetMax != input.BudgetMax || profile.Currency != currency))
        {
            // A budget the user sets by hand replaces the one the assistant learned in chat (which would otherwise win as
            // the newer fact); a budget mentioned in a later chat replaces it again.
            db.ProfileFacts.RemoveRange(await db.ProfileFacts
                .Where(f => f.UserId == userId && (f.Kind == ProfileFactKinds.BudgetMin || f.Kind == ProfileFactKinds.BudgetMax))
                .ToListAsync(cancellationToken));
        }
        profile.BudgetMin = input.BudgetMin;
        profile.BudgetMax = input.BudgetMax;
        profile.Currency = currency;
        profile.Categories = Clean(input.Categories);
        profile.KeyFeatures = Clean(input.KeyFeatures);
        profile.Preferences = Clean(input.ShoppingPreferences);
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return (user, profile);
    }

    private static List<string> Clean(IReadOnlyList<string>? items) => items?.Select(i => i.Trim()).ToList() ?? [];

    private async Task<string> TenantCurrencyAsync(Guid tenantId, CancellationToken cancellationToken) =>
        (await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken))?.Settings.Currency ?? "USD";
}
