using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Web.Widget;

/// <summary><c>/widget.js</c> (the embeddable chat, seed 003 option A) and <c>/branding.css</c> (the tenant's colour).</summary>
public static class WidgetEndpoints
{
    public static IEndpointRouteBuilder MapWidgetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/widget.js", Script).WithTags("UI").WithName("WidgetScript").ExcludeFromDescription();
        app.MapGet("/branding.css", Branding).WithTags("UI").WithName("BrandingCss").ExcludeFromDescription();
        return app;
    }

    public static IResult Script(HttpContext http, WidgetBundle bundle, IOptions<AppOptions> options)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        // The widget decides the API base from its own URL and data-tenant; it only needs to know how tenants are named.
        var mode = !options.Value.IsMultiTenant ? "single" : options.Value.TenantFromHost ? "host" : "path";
        return Results.Text(bundle.Get(mode), "text/javascript; charset=utf-8");
    }

    /// <summary>The tenant's primary colour as CSS variables (pages allow no inline styles). Colours are validated #rgb/#rrggbb.</summary>
    public static async Task<IResult> Branding(HttpContext http, WebShell shell)
    {
        var tenant = await shell.TenantAsync();
        http.Response.Headers.CacheControl = "public, max-age=60";
        var css = tenant.PrimaryColor is { Length: > 0 } color && System.Text.RegularExpressions.Regex.IsMatch(color, "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
            ? $":root{{--sm-brand:{color};--pico-primary:{color};--pico-primary-background:{color};--pico-primary-border:{color};--pico-primary-hover:{color};--pico-primary-hover-background:{color};}}\n"
            : "/* no tenant colour: the theme's default */\n";
        return Results.Text(css, "text/css; charset=utf-8");
    }
}
