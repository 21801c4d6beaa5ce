using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Api.Middleware;

/// <summary>Services of the abuse limits and security headers: rate limiter, request size, CORS, antiforgery, proxies.</summary>
public static class WebSecuritySetup
{
    public static IServiceCollection AddSalesMateWebSecurity(this IServiceCollection services)
    {
        services.AddTrustedProxies();
        services.AddSingleton<TenantOrigins>();

        services.AddSingleton<SalesMateRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<SalesMateRateLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.WriteAsync;
        });

        services.AddOptions<KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((kestrel, security) =>
            kestrel.Limits.MaxRequestBodySize = security.Value.MaxRequestBodyBytes);

        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, TenantCorsPolicyProvider>();

        services.AddDataProtection().SetApplicationName("salesmate");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<SecurityOptions>, ILoggerFactory>((keys, security, loggers) =>
            keys.XmlRepository = new FileSystemXmlRepository(KeysDirectory(security.Value.DataProtectionKeysDir), loggers));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = CsrfProtection.CookieName;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.HeaderName = CsrfProtection.HeaderName;
            options.FormFieldName = CsrfProtection.FormFieldName;
            options.SuppressXFrameOptionsHeader = true; // SecurityHeadersMiddleware decides framing per tenant
        });
        return services;
    }

    private static DirectoryInfo KeysDirectory(string path)
    {
        var directory = new DirectoryInfo(Path.GetFullPath(path));
        if (!directory.Exists)
        {
            directory.Create();
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        return directory;
    }
}
