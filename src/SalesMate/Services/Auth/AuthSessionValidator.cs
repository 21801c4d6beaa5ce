using Microsoft.EntityFrameworkCore;
using SalesMate.Database;

namespace SalesMate.Services.Auth;

/// <summary>
/// Checks on every authenticated request that the token's session is still open and its user still active, so logout,
/// password change, deactivation and refresh-token reuse take effect at once rather than when the access token expires.
/// </summary>
/// <remarks>
/// Runs before the tenant is resolved (the tenant comes from this very token), so it names the tenant explicitly; this
/// is one of the allow-listed places that bypass the query filters and, on PostgreSQL, row-level security.
/// </remarks>
public sealed class AuthSessionValidator(SalesMateDbContext db, TenantContext tenant, TimeProvider clock)
{
    public async Task<bool> IsActiveAsync(Guid tenantId, Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        using var _ = tenant.AcrossTenants(CrossTenantJob.AuthSessionCheck);
        return await db.AuthSessions.IgnoreQueryFilters()
            .Where(s => s.TenantId == tenantId && s.Id == sessionId && s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now)
            .Join(db.Users.IgnoreQueryFilters().Where(u => u.TenantId == tenantId && u.IsActive), s => s.UserId, u => u.Id, (s, u) => s.Id)
            .AnyAsync(cancellationToken);
    }
}
