using System.Text.Json;
using SalesMate.Api.Middleware;
using SalesMate.Api.Routes;
using SalesMate.Services.Auth;

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
        services.AddSingleton<TenantDirectory>();
        services.AddSalesMateAuthentication();
        services.AddSalesMateAccounts();
        return services;
    }

    public static WebApplication UseSalesMateApi(this WebApplication app)
    {
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseWhen(http => NeedsTenant(http.Request.Path), branch => branch.UseMiddleware<TenantResolutionMiddleware>());
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapHealthEndpoints();
        app.MapPersonaEndpoints();
        app.MapProductEndpoints();
        app.MapChatEndpoints();
        app.MapStreamEndpoints();
        app.MapUsageEndpoints();
        app.MapOpenAiCompatibleEndpoints();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapOtpEndpoints();
        return app;
    }

    private static bool NeedsTenant(PathString path) =>
        !path.StartsWithSegments("/openapi") &&
        !path.StartsWithSegments("/v1") && // the API key names the tenant
        !(path.StartsWithSegments("/health") && !path.StartsWithSegments("/health/vector"));
}
