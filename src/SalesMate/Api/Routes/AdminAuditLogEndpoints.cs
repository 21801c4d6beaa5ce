using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Auth;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/admin/audit-log: the current tenant's administrative actions, newest first.</summary>
public static class AdminAuditLogEndpoints
{
    public static IEndpointRouteBuilder MapAdminAuditLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/audit-log", List).WithTags("Admin").WithName("AdminAuditLog").RequireAuthorization(AuthPolicies.TenantAdmin);
        return app;
    }

    public static async Task<Ok<PageResponse<AuditLogEntryResponse>>> List(SalesMateDbContext db, CancellationToken cancellationToken,
        string? action = null, int? page = null, [FromQuery(Name = "page_size")] int? pageSize = null)
    {
        if (page is < 1)
        {
            throw new RequestValidationException("page", "page must be 1 or more.");
        }
        if (pageSize is < 1 or > 200)
        {
            throw new RequestValidationException("page_size", "page_size must be between 1 and 200.");
        }
        var (number, size) = (page ?? 1, pageSize ?? 50);
        var query = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id)
            .Skip(Paging.Skip(number, size)).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PageResponse<AuditLogEntryResponse>(items.Select(AuditLogEntryResponse.From).ToList(), number, size, total,
            (total + size - 1) / size));
    }
}
