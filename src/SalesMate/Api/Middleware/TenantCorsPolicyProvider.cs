using Microsoft.AspNetCore.Cors.Infrastructure;

namespace SalesMate.Api.Middleware;

/// <summary>
/// CORS for the resolved tenant's allowed origins only (its widget sites). No tenant or no origins: no policy, so the
/// browser blocks cross-origin reads. Never a wildcard and never <c>null</c> (<see cref="TenantOrigins.Normalize"/>
/// drops both), so allowing credentials names exact origins.
/// </summary>
public sealed class TenantCorsPolicyProvider : ICorsPolicyProvider
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static readonly string[] RequestHeaders =
        ["Content-Type", "Authorization", "X-Session-Token", "Idempotency-Key", "Last-Event-ID", "X-Request-Id", CsrfProtection.HeaderName];

    public static readonly string[] ExposedHeaders = ["X-Request-Id", "Retry-After", "Idempotent-Replayed", "Location"];

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var origins = context.Features.Get<TenantOriginsFeature>()?.Origins;
        if (origins is not { Count: > 0 })
        {
            return Task.FromResult<CorsPolicy?>(null);
        }
        return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder()
            .WithOrigins([.. origins])
            .WithMethods(Methods)
            .WithHeaders(RequestHeaders)
            .WithExposedHeaders(ExposedHeaders)
            .AllowCredentials()
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))
            .Build());
    }
}
