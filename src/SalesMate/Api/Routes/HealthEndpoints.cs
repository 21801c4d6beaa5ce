using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Api.Routes;

public sealed record HealthResponse(string Status, string? Detail = null, IReadOnlyDictionary<string, object?>? Data = null);

/// <summary>/health (process), /health/db (database and migrations), /health/vector (the catalog search index).</summary>
public static class HealthEndpoints
{
    private static readonly DateTime StartedAt = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/", Live).WithName("Health");
        group.MapGet("/db", Database).WithName("HealthDb");
        group.MapGet("/vector", VectorIndex).WithName("HealthVector");
        return app;
    }

    public static Ok<HealthResponse> Live() => TypedResults.Ok(new HealthResponse("ok", null, new Dictionary<string, object?>
    {
        ["version"] = typeof(HealthEndpoints).Assembly.GetName().Version?.ToString(),
        ["uptime_seconds"] = Math.Round((DateTime.UtcNow - StartedAt).TotalSeconds),
    }));

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Database(
        SalesMateDbContext db, MigrationRunner migrations, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            var pending = await migrations.PendingAsync(cancellationToken);
            var data = new Dictionary<string, object?>
            {
                ["provider"] = db.Database.IsNpgsql() ? "postgres" : "sqlite",
                ["pending_migrations"] = pending,
                ["latency_ms"] = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 2),
            };
            return pending.Count == 0
                ? TypedResults.Ok(new HealthResponse("ok", null, data))
                : TypedResults.Json(new HealthResponse("degraded", "Migrations are pending: run `salesmate migrate`.", data),
                    statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            return TypedResults.Json(new HealthResponse("unhealthy", $"Database unreachable: {ex.GetType().Name}"),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public static async Task<Ok<HealthResponse>> VectorIndex(SalesMateDbContext db, CatalogIndex index, CancellationToken cancellationToken)
    {
        var catalog = await index.GetAsync(db, cancellationToken);
        return TypedResults.Ok(new HealthResponse("ok", null, new Dictionary<string, object?>
        {
            ["store"] = "in-process",
            ["products_indexed"] = catalog.Products.Count,
            ["catalog_version"] = catalog.Version,
        }));
    }
}
