using System.Net;
using SalesMate.Config;

namespace SalesMate.Api.Middleware;

/// <summary>
/// A <c>/t/{slug}</c> URL on a single-tenant server: nothing serves it, and a bare 404 does not say why. The answer
/// (still 404) says that tenant URLs need <c>app.mode: multi-tenant</c> and where the one tenant is served instead:
/// a short page for a browser, problem details for everything else.
/// </summary>
public static class SingleTenantPrefixNotice
{
    public const string Title = "Tenant URLs need multi-tenant mode";

    /// <summary>The path without its <c>/t/{slug}</c> prefix, or null when the path has no such prefix.</summary>
    public static string? WithoutPrefix(PathString path)
    {
        if (!path.StartsWithSegments(TenantRoutePrefixMiddleware.TenantPrefix, StringComparison.Ordinal, out var rest) || rest.Value is not { Length: > 1 } text)
        {
            return null;
        }
        var end = text.IndexOf('/', 1);
        return end < 0 ? "/" : text[end..];
    }

    public static Task WriteAsync(HttpContext http, AppOptions app, string unprefixed)
    {
        var detail = $"This server runs in single-tenant mode (app.mode: {AppOptions.SingleTenant}, APP__MODE) and serves its one tenant, " +
                     $"'{app.DefaultTenant}', without a /t/{{tenant}} prefix: use {unprefixed} instead. Tenant URLs such as /t/{{tenant}}/... " +
                     $"need app.mode: {AppOptions.MultiTenant} (with app.tenant_from: path).";
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        if (WantsHtml(http.Request, unprefixed))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            return http.Response.WriteAsync(Page(http.Request.PathBase, http.Request.PathBase + unprefixed + http.Request.QueryString, app), http.RequestAborted);
        }
        return Results.Problem(title: Title, detail: detail, statusCode: StatusCodes.Status404NotFound, extensions: new Dictionary<string, object?>
        {
            ["setting"] = "app.mode",
            ["mode"] = AppOptions.SingleTenant,
            ["url"] = http.Request.PathBase + unprefixed,
        }).ExecuteAsync(http);
    }

    /// <summary>A browser navigating to a page; API routes answer problem details even to a browser.</summary>
    private static bool WantsHtml(HttpRequest request, string unprefixed) =>
        !RequestPaths.IsApi(RequestPaths.Route(new PathString(unprefixed)))
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    private static string Page(PathString pathBase, string url, AppOptions app)
    {
        var link = WebUtility.HtmlEncode(url);
        var tenant = WebUtility.HtmlEncode(app.DefaultTenant);
        var css = WebUtility.HtmlEncode(pathBase + "/lib/pico/pico.min.css");
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{Title}}</title>
            <link rel="stylesheet" href="{{css}}"></head>
            <body><main class="container">
            <h1>{{Title}}</h1>
            <p>This server runs in single-tenant mode (<code>app.mode: {{AppOptions.SingleTenant}}</code>) and serves one shop,
            <code>{{tenant}}</code>, at its own address, without a <code>/t/{tenant}</code> prefix.</p>
            <p><a href="{{link}}">Open {{link}}</a></p>
            <p>To serve several tenants at <code>/t/{tenant}/…</code>, set <code>app.mode: {{AppOptions.MultiTenant}}</code>
            (environment variable <code>APP__MODE={{AppOptions.MultiTenant}}</code>) with <code>app.tenant_from: path</code> and restart.</p>
            </main></body>
            </html>
            """;
    }
}
