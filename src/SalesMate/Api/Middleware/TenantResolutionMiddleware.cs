using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Services.Tenancy;

namespace SalesMate.Api.Middleware;

/// <summary>
/// Sets the tenant (and agent) of the request. Single-tenant: always <c>app.default_tenant</c>. Multi-tenant: the
/// tenant the URL names (<c>/t/{slug}</c> or the subdomain, see <see cref="TenantRoutePrefixMiddleware"/>), else the
/// verified access token's <c>tid</c>. A super_admin must name the tenant it acts on (URL, or the <c>X-Tenant</c>
/// header, which is read for a verified super_admin token and ignored for everyone else). Any other signed-in user
/// whose token belongs to another tenant gets 401. Unknown or inactive tenants and agents are 404.
/// </summary>
public sealed class TenantResolutionMiddleware(
    RequestDelegate next,
    TenantDirectory directory,
    IOptions<AppOptions> options,
    ILogger<TenantResolutionMiddleware> logger)
{
    public const string TenantHeader = "X-Tenant";

    public async Task InvokeAsync(HttpContext http, TenantContext tenant, AgentContext agent, Lazy<SalesMateDbContext> db)
    {
        var app = options.Value;
        var user = http.User;
        var signedIn = user.IsSignedIn();
        var superAdmin = signedIn && user.RoleOrNull() == Roles.SuperAdmin;
        var hints = http.Features.Get<TenantRouteHints>() ?? new TenantRouteHints(null, null, new PathString("/"));
        var cancellationToken = http.RequestAborted;

        TenantEntry? entry;
        string? named = null;
        if (!app.IsMultiTenant)
        {
            entry = await directory.FindBySlugAsync(db, app.DefaultTenant, cancellationToken);
            if (entry is null)
            {
                await Problem(http, StatusCodes.Status503ServiceUnavailable, "Not initialised",
                    $"Tenant '{app.DefaultTenant}' does not exist yet. Run `salesmate seed` (or start with app.seed_demo: true).");
                return;
            }
        }
        else
        {
            named = hints.TenantSlug;
            var header = superAdmin && http.Request.Headers[TenantHeader].FirstOrDefault()?.Trim() is { Length: > 0 } value ? value : null;
            if (header is not null && named is not null && !string.Equals(header, named, StringComparison.Ordinal))
            {
                await Problem(http, StatusCodes.Status400BadRequest, "Conflicting tenants",
                    $"The URL names tenant '{named}' but the {TenantHeader} header names '{header}'; name one tenant.");
                return;
            }
            named ??= header;
            if (named is not null)
            {
                entry = await directory.FindAsync(db, named, cancellationToken);
            }
            else if (signedIn && !(superAdmin && !ActsOnOwnAccount(http.Request.Path)))
            {
                entry = await directory.FindAsync(db, user.TenantIdOrNull()!.Value, cancellationToken);
            }
            else if (superAdmin)
            {
                await Problem(http, StatusCodes.Status400BadRequest, "Tenant required",
                    $"A super_admin must name the tenant it acts on: {HowToName(app)}, or the {TenantHeader} header (slug or id).");
                return;
            }
            else if (ApiKeyNamesTenant(http))
            {
                await next(http); // the endpoint authenticates the key, which sets the tenant
                return;
            }
            else
            {
                await Problem(http, StatusCodes.Status400BadRequest, "Tenant required",
                    $"This server hosts several tenants; name one: {HowToName(app)}.");
                return;
            }
        }

        if (entry is not { IsActive: true })
        {
            await Problem(http, StatusCodes.Status404NotFound, "Tenant not found",
                $"Tenant '{named ?? entry?.Slug ?? app.DefaultTenant}' does not exist or is not active.");
            return;
        }
        if (signedIn && user.TenantIdOrNull() != entry.Id && !superAdmin)
        {
            await Problem(http, StatusCodes.Status401Unauthorized, "Unauthorized", "This access token belongs to another tenant.");
            return;
        }
        tenant.Set(entry.Id);

        if (hints.Agent is { } agentName)
        {
            if (await agent.FindAsync(agentName, cancellationToken) is not { IsEnabled: true })
            {
                await Problem(http, StatusCodes.Status404NotFound, "Agent not found",
                    $"Agent '{agentName}' does not exist or is not enabled for this tenant.");
                return;
            }
            agent.Select(agentName);
        }

        using (logger.BeginScope(new KeyValuePair<string, object>[] { new("TenantId", entry.Id), new("Agent", agent.Name) }))
        {
            await next(http);
        }
    }

    /// <summary>A super_admin's own account (sign-in, tokens, profile) lives in its own tenant, which its token names.</summary>
    private static bool ActsOnOwnAccount(PathString path) =>
        path.StartsWithSegments("/api/v1/auth") || path.StartsWithSegments("/api/v1/users");

    /// <summary>/api/v1/usage also takes a tenant API key, which names its tenant like the OpenAI-compatible API.</summary>
    private static bool ApiKeyNamesTenant(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api/v1/usage")
        && http.Request.Headers.Authorization.FirstOrDefault() is { } authorization
        && authorization.StartsWith("Bearer " + Services.OpenAiCompat.ApiKeyService.KeyStart, StringComparison.Ordinal);

    private static string HowToName(AppOptions app) =>
        app.TenantFromHost ? $"use the host {{tenant}}.{app.BaseDomain}" : "prefix the path with /t/{tenant}";

    private static Task Problem(HttpContext http, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(http);
}
