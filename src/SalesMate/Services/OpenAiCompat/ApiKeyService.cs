using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.OpenAiCompat;

public enum RevokeOutcome { Revoked, AlreadyRevoked, NotFound, Ambiguous }

public sealed record RevokeResult(RevokeOutcome Outcome, IReadOnlyList<ApiKey> Keys);

/// <summary>
/// Per-tenant keys for the OpenAI-compatible API: <c>sm_</c> + 32 random bytes (base64url). Only the SHA-256 of a key is
/// stored, with its first characters (<see cref="ApiKey.Prefix"/>) to tell keys apart. The key decides the tenant.
/// </summary>
public sealed class ApiKeyService(SalesMateDbContext db, TenantContext tenant, TimeProvider clock)
{
    public const string KeyStart = "sm_";
    public const int PrefixLength = 11; // "sm_" + 8 characters
    private const int KeyLength = 46;   // "sm_" + 43 characters of base64url
    private static readonly TimeSpan UsageGranularity = TimeSpan.FromMinutes(1);

    /// <summary>Creates a key for the current tenant and returns it with the secret, which is never stored or shown again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        if (NameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }
        name = name.Trim();
        var secret = KeyStart + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Prefix = secret[..PrefixLength],
            KeyHash = Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    /// <summary>Why a key name is not acceptable, or null when it is.</summary>
    public static string? NameProblem(string name) =>
        name.Trim().Length is 0 or > 100 ? "The key name must be 1 to 100 characters."
        : name.Any(char.IsControl) ? "The key name must not contain control characters (such as line breaks)."
        : null;

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken);

    /// <summary>Revokes the current tenant's key named by its id, its prefix or the whole key.</summary>
    public async Task<RevokeResult> RevokeAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var value = idOrPrefix.Trim();
        var hash = Hash(value);
        var query = Guid.TryParse(value, out var id) ? db.ApiKeys.Where(k => k.Id == id)
            : value.Length == KeyLength && value.StartsWith(KeyStart, StringComparison.Ordinal) ? db.ApiKeys.Where(k => k.KeyHash == hash)
            : db.ApiKeys.Where(k => k.Prefix == value);
        var keys = await query.ToListAsync(cancellationToken);
        if (keys.Count != 1)
        {
            return new RevokeResult(keys.Count == 0 ? RevokeOutcome.NotFound : RevokeOutcome.Ambiguous, keys);
        }
        var key = keys[0];
        if (key.RevokedAt is not null)
        {
            return new RevokeResult(RevokeOutcome.AlreadyRevoked, keys);
        }
        key.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return new RevokeResult(RevokeOutcome.Revoked, keys);
    }

    /// <summary>
    /// Checks an <c>Authorization: Bearer sm_...</c> header, then points this scope at the key's tenant. The key is looked up
    /// across tenants (it is what names the tenant); <c>last_used_at</c> is written at most once a minute per key.
    /// </summary>
    public async Task<ApiKey> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            throw OpenAiException.InvalidApiKey(
                "You didn't provide an API key. Send it in the Authorization header using Bearer auth (Authorization: Bearer sm_...).");
        }
        var secret = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
        if (secret.Length != KeyLength || !secret.StartsWith(KeyStart, StringComparison.Ordinal))
        {
            throw OpenAiException.InvalidApiKey("Incorrect API key provided. SalesMate keys start with sm_ (create one with `salesmate api-keys create`).");
        }
        var hash = Hash(secret);
        FoundKey? found;
        using (tenant.AcrossTenants(CrossTenantJob.ApiKeyLookup))
        {
            found = await (from k in db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
                           join t in db.Tenants.AsNoTracking() on k.TenantId equals t.Id
                           where k.KeyHash == hash
                           select new FoundKey(k, t.IsActive)).FirstOrDefaultAsync(cancellationToken);
        }
        if (found is null)
        {
            throw OpenAiException.InvalidApiKey($"Incorrect API key provided: {secret[..PrefixLength]}...");
        }
        if (found.Key.RevokedAt is not null)
        {
            throw OpenAiException.InvalidApiKey($"The API key {found.Key.Prefix}... has been revoked.");
        }
        if (!found.IsActive)
        {
            throw OpenAiException.InvalidApiKey("The tenant of this API key is disabled.");
        }

        tenant.Set(found.Key.TenantId);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found.Key.LastUsedAt is not { } lastUsed || now - lastUsed >= UsageGranularity)
        {
            // Conditional, so concurrent requests (or instances) write it once; no entity is tracked.
            var stale = now - UsageGranularity;
            await db.ApiKeys.Where(k => k.Id == found.Key.Id && (k.LastUsedAt == null || k.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, (DateTime?)now), cancellationToken);
            found.Key.LastUsedAt = now;
        }
        return found.Key;
    }

    private sealed record FoundKey(ApiKey Key, bool IsActive);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
