using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authorization;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Auth;
using SalesMate.Repositories;
using SalesMate.Services.OpenAiCompat;

namespace SalesMate.Api.Routes;

public sealed record UsageResponse(DateTime From, DateTime To, string GroupBy, IReadOnlyList<UsageTotals> Totals, UsageTotals Total)
{
    /// <summary>Hit rates of the answer cache and the embedding cache over the same period.</summary>
    public CacheUsage? Caches { get; init; }
}

/// <summary>/api/v1/usage: LLM requests, tokens and cost of the caller's tenant (seed 003 cost tracking).</summary>
public static class UsageEndpoints
{
    public static IEndpointRouteBuilder MapUsageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/usage", Usage).WithTags("Usage").WithName("Usage");
        return app;
    }

    /// <remarks>
    /// Either a tenant API key (Authorization: Bearer sm_...), which names its tenant, or a signed-in tenant_admin (a
    /// super_admin names the tenant). A key presented to another tenant's URL is refused.
    /// </remarks>
    public static async Task<Ok<UsageResponse>> Usage(HttpContext http, ApiKeyService keys, TenantContext tenant,
        IAuthorizationService authorization, UsageRepository usage, CacheUsageRepository caches, TimeProvider clock,
        CancellationToken cancellationToken, string? from = null, string? to = null, [FromQuery(Name = "group_by")] string? groupBy = null)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        if (header is not null && header.StartsWith("Bearer " + ApiKeyService.KeyStart, StringComparison.Ordinal))
        {
            Guid? named = tenant.IsResolved ? tenant.TenantId : null;
            ApiKey key;
            try
            {
                key = await keys.AuthenticateAsync(header, cancellationToken);
            }
            catch (OpenAiException ex)
            {
                throw new UnauthorizedException(ex.Message);
            }
            if (named is { } tenantId && tenantId != key.TenantId)
            {
                throw new UnauthorizedException("This API key belongs to another tenant.");
            }
        }
        else if (!http.User.IsSignedIn())
        {
            throw new UnauthorizedException("Send a tenant API key (Authorization: Bearer sm_...) or sign in as a tenant_admin.");
        }
        else if (!(await authorization.AuthorizeAsync(http.User, AuthPolicies.TenantAdmin)).Succeeded)
        {
            throw new ForbiddenException("Usage is for tenant_admins (or a tenant API key).");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var start = ParseDate("from", from) ?? new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = ParseDate("to", to) ?? now.AddSeconds(1);
        if (end <= start)
        {
            throw new RequestValidationException("to", "to must be later than from.");
        }
        var grouping = groupBy ?? "model";
        if (!UsageRepository.Groupings.Contains(grouping))
        {
            throw new RequestValidationException("group_by", $"group_by must be one of {string.Join(", ", UsageRepository.Groupings)}.");
        }
        var totals = await usage.TotalsAsync(start, end, grouping, cancellationToken);
        var all = new UsageTotals("all", totals.Sum(t => t.Requests), totals.Sum(t => t.Errors), totals.Sum(t => t.PromptTokens),
            totals.Sum(t => t.CompletionTokens), totals.Sum(t => t.TotalTokens), totals.Sum(t => t.Cost),
            totals.Sum(t => t.Requests) == 0 ? 0 : Math.Round(totals.Sum(t => t.AverageLatencyMs * t.Requests) / totals.Sum(t => t.Requests), 1));
        return TypedResults.Ok(new UsageResponse(start, end, grouping, totals, all) { Caches = await caches.TotalsAsync(start, end, cancellationToken) });
    }

    private static DateTime? ParseDate(string field, string? value) =>
        value is null ? null
        : DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Utc)
            : throw new RequestValidationException(field, $"{field} must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.");
}
