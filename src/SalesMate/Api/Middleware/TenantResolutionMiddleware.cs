using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;

namespace SalesMate.Api.Middleware;

/// <summary>
/// Sets the tenant for the request. In single-tenant mode (the only mode of this release) that is <c>app.default_tenant</c>;
/// the slug-to-id lookup is cached because tenants are never renumbered.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, TenantDirectory directory)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenant, SalesMateDbContext db, IOptions<AppOptions> options)
    {
        var tenantIds = directory.Ids;
        var slug = options.Value.DefaultTenant;
        if (!tenantIds.TryGetValue(slug, out var tenantId))
        {
            var found = await db.Tenants.AsNoTracking().Where(t => t.Slug == slug && t.IsActive).Select(t => (Guid?)t.Id)
                .FirstOrDefaultAsync(http.RequestAborted);
            if (found is null)
            {
                await Results.Problem(
                    title: "Not initialised",
                    detail: $"Tenant '{slug}' does not exist yet. Run `salesmate seed` (or start with app.seed_demo: true).",
                    statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(http);
                return;
            }
            tenantId = tenantIds[slug] = found.Value;
        }
        if (http.User.IsSignedIn() && http.User.TenantIdOrNull() != tenantId && http.User.RoleOrNull() != Roles.SuperAdmin)
        {
            await Results.Problem(
                title: "Unauthorized",
                detail: "This access token belongs to another tenant.",
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
            return;
        }
        tenant.Set(tenantId);
        using (http.RequestServices.GetRequiredService<ILogger<TenantResolutionMiddleware>>()
                   .BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId }))
        {
            await next(http);
        }
    }
}

/// <summary>Slug-to-id cache of this app instance.</summary>
public sealed class TenantDirectory
{
    public ConcurrentDictionary<string, Guid> Ids { get; } = new(StringComparer.Ordinal);
}
