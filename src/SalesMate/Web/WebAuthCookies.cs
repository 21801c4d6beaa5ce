using Microsoft.AspNetCore.Authentication.JwtBearer;
using SalesMate.Api.Middleware;
using SalesMate.Services.Auth;

namespace SalesMate.Web;

/// <summary>
/// The browser's sign-in for the server-rendered pages: the access token and refresh token of a normal sign-in, kept in
/// HttpOnly cookies (<c>salesmate_access</c>, <c>salesmate_refresh</c>) that no script can read. The JwtBearer handler
/// reads the access cookie when a request has no Authorization header, so pages and same-origin API calls see the same
/// user, and every check of a Bearer token (session still open, tenant, role) applies. Both names start with
/// <c>salesmate_</c>, so <see cref="CsrfProtection"/> treats such requests as cookie-authenticated (Origin check,
/// antiforgery token on forms). See docs/decisions/0009f-web-ui.md.
/// </summary>
public static class WebAuthCookies
{
    public const string Access = "salesmate_access";
    public const string Refresh = "salesmate_refresh";

    public static void Write(HttpContext http, SignedIn signedIn)
    {
        http.Response.Cookies.Append(Access, signedIn.AccessToken, Options(http, signedIn.AccessTokenExpiresAt));
        http.Response.Cookies.Append(Refresh, signedIn.RefreshToken, Options(http, signedIn.Session.ExpiresAt));
    }

    public static void Clear(HttpContext http)
    {
        http.Response.Cookies.Delete(Access, Options(http, null));
        http.Response.Cookies.Delete(Refresh, Options(http, null));
    }

    public static string? RefreshToken(HttpContext http) =>
        http.Request.Cookies[Refresh] is { Length: > 0 } token && MayUse(http.Request) ? token : null;

    /// <summary>
    /// The sign-in cookies count only for the app's own pages: a request another origin makes (a tenant's widget site
    /// included, which CORS lets send credentials for the anonymous chat) is never signed in by them, so a script there
    /// cannot read or change what the signed-in staff member may.
    /// </summary>
    public static bool MayUse(HttpRequest request) => CsrfProtection.IsSameOriginOrNoOrigin(request);

    /// <summary>Lets the JwtBearer handler take the token from the access cookie when no Authorization header is sent.</summary>
    public static IServiceCollection AddWebSignInCookie(this IServiceCollection services)
    {
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
        {
            var events = options.Events ??= new JwtBearerEvents();
            var previous = events.OnMessageReceived;
            events.OnMessageReceived = async context =>
            {
                await previous(context);
                if (context.Token is null && !context.Request.Headers.Authorization.Any()
                    && context.Request.Cookies[Access] is { Length: > 0 } token && MayUse(context.Request))
                {
                    context.Token = token;
                }
            };
        });
        return services;
    }

    private static CookieOptions Options(HttpContext http, DateTime? expiresUtc) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps || http.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction(),
        SameSite = SameSiteMode.Lax,
        Path = http.Features.Get<TenantRouteHints>()?.TenantPathBase.Value is { Length: > 0 } tenantPath ? tenantPath : "/",
        Expires = expiresUtc is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
    };
}
