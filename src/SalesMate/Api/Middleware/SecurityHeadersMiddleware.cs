using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Api.Middleware;

/// <summary>
/// Security headers on every response, including errors and 429s (set when the response starts, after the tenant is
/// known): CSP with frame-ancestors = the tenant's allowed widget origins (else 'none' plus X-Frame-Options: DENY),
/// plus connect-src when a page set <see cref="ConnectSourcesFeature"/>, nosniff, Referrer-Policy, Cache-Control: no-store on API paths, and HSTS on HTTPS in the Production environment.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next, IHostEnvironment environment, IOptions<SecurityOptions> options)
{
    // data: images: Pico CSS draws the select chevron, checkbox ticks and other form icons as inline SVG data URIs.
    private const string BasePolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'";
    private const string UnframedPolicy = BasePolicy + "; frame-ancestors 'none'";

    // A tenant's origins are one cached set until they change, so its policy string is built once per set.
    private readonly ConditionalWeakTable<FrozenSet<string>, string> _framedPolicies = new();

    private static string FramedPolicy(FrozenSet<string> ancestors) =>
        $"{BasePolicy}; frame-ancestors {string.Join(' ', ancestors.Order(StringComparer.Ordinal))}";

    private readonly string? _hsts = environment.IsProduction() && options.Value.HstsMaxAgeDays > 0
        ? $"max-age={(long)TimeSpan.FromDays(options.Value.HstsMaxAgeDays).TotalSeconds}{(options.Value.HstsIncludeSubdomains ? "; includeSubDomains" : "")}"
        : null;

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(static state =>
        {
            var (middleware, context) = ((SecurityHeadersMiddleware, HttpContext))state;
            middleware.Apply(context);
            return Task.CompletedTask;
        }, (this, http));
        return next(http);
    }

    private void Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        var ancestors = http.Features.Get<TenantOriginsFeature>()?.Origins;
        var extra = http.Features.Get<ConnectSourcesFeature>();
        var connect = extra is null ? "" : $"; connect-src 'self' {string.Join(' ', extra.Sources)}";
        if (ancestors is { Count: > 0 })
        {
            headers.ContentSecurityPolicy = extra is null
                ? _framedPolicies.GetValue(ancestors, FramedPolicy)
                : $"{BasePolicy}{connect}; frame-ancestors {string.Join(' ', ancestors.Order(StringComparer.Ordinal))}";
            headers.Remove("X-Frame-Options"); // it cannot name several origins; CSP frame-ancestors decides
        }
        else
        {
            headers.ContentSecurityPolicy = extra is null ? UnframedPolicy : $"{BasePolicy}{connect}; frame-ancestors 'none'";
            headers.XFrameOptions = "DENY";
        }
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (RequestPaths.IsApi(RequestPaths.Route(http.Request.Path)))
        {
            headers.CacheControl = "no-store";
        }
        if (_hsts is not null && http.Request.IsHttps)
        {
            headers.StrictTransportSecurity = _hsts;
        }
    }
}
