using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Profiles;

/// <summary>A learned fact as the user submits it: an existing one (with its id) possibly corrected, or a new one (no id).</summary>
public sealed record LearnedFactInput(Guid? Id, string? Kind, string? Value);

/// <summary>
/// The user's corrections of what the assistant learned (PUT /users/profile <c>learned_facts</c>): the list replaces the
/// account's facts, so a changed value is a correction (source becomes <c>user</c>) and a missing fact is deleted.
/// Changes are added to the unit of work; the caller saves.
/// </summary>
public sealed class LearnedFactEditor(SalesMateDbContext db, ProfileFactStore store, IOptions<ProfileLearningOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<ProfileFact>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        await store.Of(new FactOwner(userId, Guid.Empty)).AsNoTracking().OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken);

    public async Task ReplaceAsync(Guid userId, IReadOnlyList<LearnedFactInput> input, string currency, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFacts;
        if (input.Count > max)
        {
            throw new RequestValidationException("learned_facts", $"learned_facts may hold at most {max} facts; got {input.Count}.");
        }
        var existing = await store.Of(new FactOwner(userId, Guid.Empty)).ToListAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var valid = new List<(LearnedFactInput Input, string Kind, string Value)>();
        for (var i = 0; i < input.Count; i++)
        {
            var field = $"learned_facts[{i}]";
            // JSON null in the list binds as a null element, though the type says otherwise.
            if (input[i] is not { } item)
            {
                errors[field] = [$"{field} must be an object such as {{\"kind\": \"brand\", \"value\": \"Dell\"}}."];
                continue;
            }
            var kind = item.Kind?.Trim().ToLowerInvariant() ?? existing.FirstOrDefault(f => f.Id == item.Id)?.Kind;
            if (item.Id is { } id && existing.All(f => f.Id != id))
            {
                errors[$"{field}.id"] = [$"{field}.id is not one of your learned facts."];
                continue;
            }
            if (kind is null || !ProfileFactKinds.All.Contains(kind))
            {
                errors[$"{field}.kind"] = [$"{field}.kind must be one of {string.Join(", ", ProfileFactKinds.All)}."];
                continue;
            }
            if (Normalize(kind, item.Value, currency) is not { } value)
            {
                errors[$"{field}.value"] = [kind is ProfileFactKinds.BudgetMin or ProfileFactKinds.BudgetMax
                    ? $"{field}.value must be an amount such as \"600\" or \"600 USD\"."
                    : $"{field}.value must be 1 to {ProfileFactRules.MaxValueLength} characters."];
                continue;
            }
            valid.Add((item, kind, value));
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var kept = valid.Where(v => v.Input.Id is not null).Select(v => v.Input.Id!.Value).ToHashSet();
        db.ProfileFacts.RemoveRange(existing.Where(f => !kept.Contains(f.Id)));
        foreach (var (item, kind, value) in valid)
        {
            if (item.Id is { } id)
            {
                var fact = existing.First(f => f.Id == id);
                if (fact.Value != value || fact.Kind != kind)
                {
                    (fact.Kind, fact.Value, fact.Source, fact.UpdatedAt) = (kind, value, ProfileFactSources.User, now);
                }
                continue;
            }
            db.ProfileFacts.Add(new ProfileFact
            {
                Id = Guid.CreateVersion7(), UserId = userId, Kind = kind, Value = value, Source = ProfileFactSources.User,
                CreatedAt = now, UpdatedAt = now,
            });
        }
    }

    /// <summary>Deletes one learned fact of the user; false when they have no such fact.</summary>
    public async Task<bool> DeleteAsync(Guid userId, Guid factId, CancellationToken cancellationToken) =>
        await store.Of(new FactOwner(userId, Guid.Empty)).Where(f => f.Id == factId).ExecuteDeleteAsync(cancellationToken) > 0;

    private static string? Normalize(string kind, string? value, string currency)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > ProfileFactRules.MaxValueLength)
        {
            return null;
        }
        if (kind is ProfileFactKinds.BudgetMin or ProfileFactKinds.BudgetMax)
        {
            var withCurrency = value.Contains(' ') ? value : $"{value} {currency}";
            return BudgetValue.TryParse(withCurrency, out var amount, out var code) && amount <= 1_000_000_000m ? BudgetValue.Format(amount, code) : null;
        }
        return value;
    }
}
