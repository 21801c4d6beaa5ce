using System.Text.Json;
using SalesMate.Api.Middleware;
using SalesMate.Api.Routes;
using SalesMate.Services.Auth;
using SalesMate.Services.Products.Imports;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Web;

namespace SalesMate.Api;

/// <summary>The HTTP pipeline and route table.</summary>
public static class SalesMateApi
{
    public static IServiceCollection AddSalesMateApi(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions["request_id"] = c.HttpContext.TraceIdentifier;
            if (c.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && c.Exception is null)
            {
                // Kestrel's body limit, reported by model binding as a bare status.
                c.ProblemDetails.Title = "Request too large";
                c.ProblemDetails.Detail ??= "The request body is larger than this server accepts (security.max_request_body).";
            }
            if (c.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && c.Exception is null)
            {
                // A JSON route sent another content type: model binding reports it as a bare status.
                c.ProblemDetails.Detail ??= "Send the body as JSON with the header Content-Type: application/json.";
            }
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
        });
        // Binding failures (malformed JSON, a non-number in a number query parameter) reach the exception handler,
        // which answers with problem details saying what was wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddSalesMateAuthentication();
        services.AddSalesMateWebSecurity();
        services.AddSalesMateAccounts();
        services.AddKnowledgeIngestionWorker();
        services.AddProductImportWorker();
        services.AddSalesMateWeb();
        return services;
    }

    public static WebApplication UseSalesMateApi(this WebApplication app)
    {
        app.UseTrustedProxies(); // first: everything after sees the real client address and scheme
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Tenant and agent prefixes leave the URL before routing, so one route table serves every tenant and agent.
        app.UseMiddleware<TenantRoutePrefixMiddleware>();
        app.UseSalesMateStaticFiles(); // wwwroot (own assets + npm libraries), before any database work
        app.UseRouting();
        app.UseAuthentication();
        app.UseWhen(http => NeedsTenant(http.Request.Path), branch => branch.UseMiddleware<TenantResolutionMiddleware>());
        app.UseMiddleware<TenantOriginsMiddleware>();
        app.UseCors(); // before the limiter, so a widget can read its 429s
        app.UseRateLimiter();
        // Only the live voice route accepts WebSockets; other requests skip the handshake feature the middleware adds.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api/v1/voice"),
            branch => branch.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) }));
        app.UseMiddleware<NulTolerantForms>(); // before antiforgery, which reads the form too
        app.UseMiddleware<CsrfProtection>();
        app.UseAntiforgery();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapPersonaEndpoints();
        app.MapProductEndpoints();
        app.MapAdminProductImportEndpoints();
        app.MapChatEndpoints();
        app.MapStreamEndpoints();
        app.MapUsageEndpoints();
        app.MapAdminTenantEndpoints();
        app.MapAdminUserEndpoints();
        app.MapAdminApiKeyEndpoints();
        app.MapAdminAuditLogEndpoints();
        app.MapAdminSettingsEndpoints();
        app.MapAdminAgentEndpoints();
        app.MapOpenAiCompatibleEndpoints();
        app.MapAntiforgeryEndpoints();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapOtpEndpoints();
        app.MapPrivacyEndpoints();
        app.MapKnowledgeEndpoints();
        app.MapContributionEndpoints();
        app.MapLeadEndpoints();
        app.MapEscalationEndpoints();
        app.MapFeedbackEndpoints();
        app.MapAdminAnalyticsEndpoints();
        app.MapUiConfigEndpoints();
        app.MapSalesMateWeb(); // Razor pages, /widget.js, /branding.css
        app.MapVoiceEndpoints();
        return app;
    }

    private static bool NeedsTenant(PathString path) =>
        !path.StartsWithSegments("/openapi") &&
        !path.StartsWithSegments("/v1") && // the API key names the tenant
        !path.StartsWithSegments("/api/v1/admin/tenants") && // super_admin across tenants
        !(path.StartsWithSegments("/health") && !path.StartsWithSegments("/health/vector"));
}
