using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Core;
using SalesMate.Repositories;
using SalesMate.Services.Auth;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/admin/analytics: conversation analytics of the caller's tenant (tenant_admin), the data of the admin charts.</summary>
public static class AdminAnalyticsEndpoints
{
    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapAdminAnalyticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/analytics", Get).WithTags("Admin").WithName("AdminAnalytics").RequireAuthorization(AuthPolicies.TenantAdmin);
        return app;
    }

    /// <summary>The last <paramref name="days"/> days (default 30) up to now, counted per UTC day.</summary>
    public static async Task<Ok<ConversationAnalytics>> Get(AnalyticsQueries analytics, TimeProvider clock, CancellationToken cancellationToken, int? days = null)
    {
        var (from, to) = Period(days, clock);
        return TypedResults.Ok(await analytics.ConversationsAsync(from, to, cancellationToken));
    }

    public static (DateTime From, DateTime To) Period(int? days, TimeProvider clock)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new RequestValidationException("days", $"days must be between 1 and {MaxDays}.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return (now.Date.AddDays(1 - (days ?? 30)), now.AddSeconds(1));
    }
}
