using Microsoft.AspNetCore.Antiforgery;
using SalesMate.Core;
using SalesMate.Services.Conversations;

namespace SalesMate.Api.Middleware;

/// <summary>
/// CSRF defence for requests a browser authenticates on its own, i.e. by a SalesMate cookie (<c>salesmate_session</c>)
/// with no X-Session-Token or Bearer header (a page can only add those through CORS, which names the allowed origins).
/// Such unsafe requests (POST, PUT, PATCH, DELETE) must come from the app's own origin or one of the tenant's allowed
/// origins (Origin header, else Referer; neither is refused), and form posts must also carry an antiforgery token
/// (from <c>GET /api/v1/antiforgery/token</c>). See docs/decisions/0007-abuse-limits-and-headers.md.
/// </summary>
public sealed class CsrfProtection(RequestDelegate next, IAntiforgery antiforgery)
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string FormFieldName = "__RequestVerificationToken";
    public const string CookieName = "salesmate_antiforgery";
    private const string CookiePrefix = "salesmate_";

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (IsSafe(request.Method) || !IsCookieAuthenticated(request))
        {
            await next(http);
            return;
        }
        if (!IsAllowedOrigin(http))
        {
            throw new CsrfRejectedException("Cross-site request refused",
                "This request carries a SalesMate cookie but does not come from this site or an origin the tenant allows " +
                "(checked by the Origin or Referer header). API clients should send the X-Session-Token header instead of the cookie.");
        }
        if (request.HasFormContentType)
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                throw new CsrfRejectedException("Antiforgery token missing or invalid",
                    $"Form posts authenticated by a cookie need the token from GET /api/v1/antiforgery/token, in the form field " +
                    $"{FormFieldName} or the {HeaderName} header.");
            }
        }
        await next(http);
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    public static bool IsCookieAuthenticated(HttpRequest request) =>
        !request.Headers.ContainsKey(SessionManager.HeaderName)
        && !(request.Headers.Authorization.FirstOrDefault()?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ?? false)
        && request.Cookies.Keys.Any(name => name.StartsWith(CookiePrefix, StringComparison.Ordinal));

    internal static bool IsAllowedOrigin(HttpContext http)
    {
        var request = http.Request;
        var claimed = request.Headers.Origin.FirstOrDefault() is { Length: > 0 } origin ? origin
            : Uri.TryCreate(request.Headers.Referer.FirstOrDefault(), UriKind.Absolute, out var referer) ? referer.GetLeftPart(UriPartial.Authority)
            : null;
        if (TenantOrigins.Normalize(claimed) is not { } normalized || !Uri.TryCreate(normalized, UriKind.Absolute, out var source))
        {
            return false; // no Origin or Referer, or "null" (sandboxed frames, file:, some redirects)
        }
        return IsOwnOrigin(request, source) || http.Features.Get<TenantOriginsFeature>()?.Origins.Contains(normalized) == true;
    }

    /// <summary>
    /// Whether the request may come from a page of the app itself: no Origin header (navigations and same-origin GETs; a
    /// browser sends Origin on every cross-origin fetch), or an Origin naming this host. A tenant's allowed (widget)
    /// origins are not the app: the staff sign-in cookies never authenticate their requests (<see cref="Web.WebAuthCookies"/>).
    /// </summary>
    public static bool IsSameOriginOrNoOrigin(HttpRequest request)
    {
        if (request.Headers.Origin.Count == 0)
        {
            return true;
        }
        return TenantOrigins.Normalize(request.Headers.Origin.FirstOrDefault()) is { } normalized
               && Uri.TryCreate(normalized, UriKind.Absolute, out var source) && IsOwnOrigin(request, source);
    }

    /// <summary>The app's own origin. Behind a TLS proxy without app.trusted_proxies the app sees http while the page is https.</summary>
    private static bool IsOwnOrigin(HttpRequest request, Uri source)
    {
        var host = request.Host;
        var sameHost = host.HasValue && string.Equals(source.IsDefaultPort ? source.IdnHost : $"{source.IdnHost}:{source.Port}",
            host.Value, StringComparison.OrdinalIgnoreCase);
        return sameHost && (source.Scheme == request.Scheme || source.Scheme == Uri.UriSchemeHttps);
    }
}
