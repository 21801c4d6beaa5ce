using Microsoft.AspNetCore.StaticFiles;
using SalesMate.Web.Widget;

namespace SalesMate.Web;

/// <summary>
/// The browser UI: Razor Pages (server-rendered, htmx for partial updates) under <c>Web/Pages</c>, static files from
/// wwwroot (own CSS/JS plus the npm libraries copied into wwwroot/lib at build time), the embeddable <c>/widget.js</c>
/// and the per-tenant <c>/branding.css</c>. See docs/decisions/0009f-web-ui.md.
/// </summary>
public static class WebSetup
{
    public static IServiceCollection AddSalesMateWeb(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Web/Pages";
            options.Conventions.AddPageRoute("/Index", "/chat");
        });
        services.AddHttpContextAccessor();
        services.AddScoped<WebShell>();
        services.AddScoped<TranscriptBuilder>();
        services.AddSingleton<WidgetBundle>();
        services.AddWebSignInCookie();
        return services;
    }

    /// <summary>Static files, before routing and tenant resolution: /lib, /css, /js cost no database work.</summary>
    public static IApplicationBuilder UseSalesMateStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
                context.Context.Response.Headers.CacheControl = context.File.Name.EndsWith(".min.js", StringComparison.Ordinal)
                    || context.File.Name.EndsWith(".min.css", StringComparison.Ordinal) ? "public, max-age=86400" : "no-cache",
        });

    public static IEndpointRouteBuilder MapSalesMateWeb(this IEndpointRouteBuilder app)
    {
        app.MapRazorPages();
        app.MapWidgetEndpoints();
        return app;
    }
}
