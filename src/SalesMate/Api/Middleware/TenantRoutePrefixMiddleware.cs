using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Api.Middleware;

/// <summary>What the URL names before routing: the tenant (path prefix or subdomain) and the agent (<c>/a/{agent}</c>).</summary>
/// <param name="TenantPathBase">The path base up to and including the tenant prefix (where the tenant's cookies belong).</param>
public sealed record TenantRouteHints(string? TenantSlug, string? Agent, PathString TenantPathBase);

/// <summary>
/// Runs before routing. In multi-tenant path mode it moves <c>/t/{slug}</c> into <c>PathBase</c>, and in host mode it
/// reads the slug from <c>{slug}.{app.base_domain}</c>; then it moves an <c>/a/{agent}</c> prefix into <c>PathBase</c>
/// too, so the same routes serve every tenant and agent. It only records names; the tenant middleware checks them.
/// In single-tenant mode a <c>/t/{slug}</c> URL is answered here with what to do instead (<see cref="SingleTenantPrefixNotice"/>).
/// </summary>
public sealed class TenantRoutePrefixMiddleware(RequestDelegate next, IOptions<AppOptions> options)
{
    public const string TenantPrefix = "/t";
    public const string AgentPrefix = "/a";

    public Task InvokeAsync(HttpContext http)
    {
        var app = options.Value;
        var request = http.Request;
        string? slug = null;
        if (app.TenantFromHost)
        {
            slug = SubdomainOf(request.Host.Host, app.BaseDomain!);
        }
        else if (app.IsMultiTenant)
        {
            slug = TakePrefix(request, TenantPrefix);
        }
        else if (SingleTenantPrefixNotice.WithoutPrefix(request.Path) is { } unprefixed)
        {
            return SingleTenantPrefixNotice.WriteAsync(http, app, unprefixed);
        }
        var tenantBase = request.PathBase;
        var agent = TakePrefix(request, AgentPrefix);
        http.Features.Set(new TenantRouteHints(slug, agent, tenantBase.HasValue ? tenantBase : new PathString("/")));
        return next(http);
    }

    /// <summary>"/t/acme/api/v1/x" with prefix "/t": returns "acme" and leaves PathBase ".../t/acme", Path "/api/v1/x".</summary>
    private static string? TakePrefix(HttpRequest request, string prefix)
    {
        if (!request.Path.StartsWithSegments(prefix, StringComparison.Ordinal, out var rest) || !rest.HasValue)
        {
            return null;
        }
        var text = rest.Value!;
        var end = text.IndexOf('/', 1);
        var segment = end < 0 ? text[1..] : text[1..end];
        if (segment.Length == 0)
        {
            return null;
        }
        request.PathBase = request.PathBase.Add(new PathString($"{prefix}/{segment}"));
        request.Path = end < 0 ? new PathString("/") : new PathString(text[end..]);
        return segment;
    }

    /// <summary>"acme.shop.example.com" with base "shop.example.com" is "acme"; the base domain itself names no tenant.</summary>
    private static string? SubdomainOf(string host, string baseDomain)
    {
        var suffix = "." + baseDomain;
        return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
            ? host[..^suffix.Length].ToLowerInvariant()
            : null;
    }
}
