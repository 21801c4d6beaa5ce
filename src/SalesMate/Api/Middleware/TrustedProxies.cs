using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Api.Middleware;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies in <c>app.trusted_proxies</c>; then the
/// client address (rate limits) and the scheme (HSTS, secure cookies, CSRF origin) are the ones the proxy saw. With no
/// trusted proxy the headers are ignored, so a client cannot pick the address it is limited by.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<AppOptions>>((options, app) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear(); // the defaults trust loopback
            options.KnownIPNetworks.Clear();
            options.ForwardLimit = null; // walk back through every trusted hop, stopping at the first untrusted address
            foreach (var entry in app.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedProxies(this WebApplication app)
    {
        return app.Services.GetRequiredService<IOptions<AppOptions>>().Value.TrustedProxies.Count > 0 ? app.UseForwardedHeaders() : app;
    }
}
