using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;
using SalesMate.Services.OpenAiCompat;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/admin/api-keys: the current tenant's keys for the OpenAI-compatible API (the secret is shown once).</summary>
public static class AdminApiKeyEndpoints
{
    public static RouteGroupBuilder MapAdminApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/api-keys").WithTags("Admin").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapGet("/", List).WithName("AdminListApiKeys");
        group.MapPost("/", Create).WithName("AdminCreateApiKey");
        group.MapDelete("/{id:guid}", Revoke).WithName("AdminRevokeApiKey");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ApiKeyResponse>>> List(ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ApiKeyResponse>>((await keys.ListAsync(cancellationToken)).Select(ApiKeyResponse.From).ToList());

    public static async Task<Created<CreatedApiKeyResponse>> Create(CreateApiKeyRequest request, HttpContext http, ApiKeyService keys,
        AuditLog audit, SalesMateDbContext db, CancellationToken cancellationToken)
    {
        if (ApiKeyService.NameProblem(request.Name ?? "") is { } problem)
        {
            throw new RequestValidationException("name", problem);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (key, secret) = await keys.CreateAsync(request.Name!, cancellationToken);
        audit.Add(http, AuditActions.ApiKeyCreate, "api_key", key.Id, new() { ["name"] = key.Name, ["prefix"] = key.Prefix });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/admin/api-keys/{key.Id}",
            new CreatedApiKeyResponse(key.Id, key.Name, key.Prefix, key.CreatedAt, secret));
    }

    public static async Task<NoContent> Revoke(Guid id, HttpContext http, ApiKeyService keys, AuditLog audit, SalesMateDbContext db,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await keys.RevokeAsync(id.ToString(), cancellationToken);
        if (result.Outcome == RevokeOutcome.NotFound)
        {
            throw new NotFoundException("API key", id);
        }
        if (result.Outcome == RevokeOutcome.Revoked)
        {
            var key = result.Keys[0];
            audit.Add(http, AuditActions.ApiKeyRevoke, "api_key", key.Id, new() { ["name"] = key.Name, ["prefix"] = key.Prefix });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
