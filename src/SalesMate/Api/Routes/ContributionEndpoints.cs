using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Repositories;
using SalesMate.Services.Auth;
using SalesMate.Services.Contributions;
using SalesMate.Services.Conversations;
using SalesMate.Services.Rag.Ingestion;
using SalesMate.Services.Tenancy;
using SalesMate.Utils;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SalesMate.Api.Routes;

/// <summary>
/// /api/v1/contributions (seed 002): visitors with a chat session and signed-in users submit knowledge and see their
/// own; tenant_admins review it. Nothing submitted is searched until it is approved.
/// </summary>
public static class ContributionEndpoints
{
    public static RouteGroupBuilder MapContributionEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var group = app.MapGroup("/api/v1/contributions").WithTags("Contributions");
        group.MapPost("", Submit).WithName("SubmitContribution")
            .WithMetadata(new RequestSizeLimitAttribute(BodyLimit(settings)));
        group.MapGet("/mine", Mine).WithName("MyContributions");
        group.MapGet("", List).WithName("ListContributions").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapGet("/{id:guid}", Get).WithName("GetContribution").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapPost("/{id:guid}/approve", Approve).WithName("ApproveContribution").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapPost("/{id:guid}/reject", Reject).WithName("RejectContribution").RequireAuthorization(AuthPolicies.TenantAdmin);
        return group;
    }

    private static long BodyLimit(IngestionOptions settings) => settings.MaxUploadBytes + 1024 * 1024;

    /// <remarks>
    /// JSON <c>{title?, text, category?, agent?}</c>, or multipart/form-data with one <c>file</c> (checked like
    /// /api/v1/rag/upload) and optional <c>title</c>, <c>category</c>, <c>agent</c>. The agent (else the /a/{agent}
    /// prefix, else app.default_agent) names the knowledge base it is meant for. 202: pending review.
    /// </remarks>
    public static async Task<Accepted<MyContributionResponse>> Submit(HttpContext http, SessionManager sessions, ContributionService contributions,
        AgentContext agents, IOptions<IngestionOptions> ingestion, IOptions<HttpJsonOptions> json, CancellationToken cancellationToken)
    {
        var contributor = await ContributorAsync(http, sessions, cancellationToken);
        Contribution contribution;
        if (http.Request.HasJsonContentType())
        {
            var request = await ReadJsonAsync(http, json.Value.SerializerOptions, cancellationToken);
            var ns = await NamespaceAsync(agents, request.Agent, cancellationToken);
            contribution = await contributions.SubmitTextAsync(contributor, ns, request.Title, request.Category, request.Text, cancellationToken);
        }
        else if (http.Request.HasFormContentType)
        {
            var form = await ReadFormAsync(http, ingestion.Value, cancellationToken);
            if (form.Files.Count != 1 || form.Files[0].Name != "file")
            {
                throw new RequestValidationException("file", "Send exactly one file in the multipart field 'file' (or the text as JSON).");
            }
            var upload = form.Files[0];
            var ns = await NamespaceAsync(agents, form["agent"].FirstOrDefault(), cancellationToken);
            contribution = await contributions.SubmitFileAsync(contributor, ns, form["title"].FirstOrDefault(), form["category"].FirstOrDefault(),
                new IncomingFile(upload.FileName, upload.Length, upload.OpenReadStream), cancellationToken);
        }
        else
        {
            throw new UnsupportedMediaTypeException("body",
                "Send the text as application/json ({\"title\", \"text\", \"category\"}) or one file as multipart/form-data (field name: file).");
        }
        return TypedResults.Accepted("/api/v1/contributions/mine", MyContributionResponse.From(contribution));
    }

    /// <summary>The caller's own contributions (account, else chat session), newest first, with their review status and note.</summary>
    public static async Task<Ok<MyContributionsResponse>> Mine(HttpContext http, SessionManager sessions, ContributionRepository contributions,
        CancellationToken cancellationToken)
    {
        var contributor = await ContributorAsync(http, sessions, cancellationToken);
        var items = await contributions.MineAsync(contributor.UserId, contributor.SessionId, 100, cancellationToken);
        return TypedResults.Ok(new MyContributionsResponse(items.Select(MyContributionResponse.From).ToList()));
    }

    public static async Task<Ok<PageResponse<ContributionResponse>>> List(ContributionRepository contributions, CancellationToken cancellationToken,
        string? status = null, int? page = null, [FromQuery(Name = "page_size")] int? pageSize = null)
    {
        if (status is not null && !ContributionRepository.Statuses.Contains(status))
        {
            throw new RequestValidationException("status", $"status must be one of {string.Join(", ", ContributionRepository.Statuses)}.");
        }
        if (page is < 1)
        {
            throw new RequestValidationException("page", "page must be 1 or more.");
        }
        if (pageSize is < 1 or > 100)
        {
            throw new RequestValidationException("page_size", "page_size must be between 1 and 100.");
        }
        var size = pageSize ?? 20;
        var (items, total) = await contributions.ListAsync(status, page ?? 1, size, cancellationToken);
        return TypedResults.Ok(new PageResponse<ContributionResponse>(items.Select(ContributionResponse.From).ToList(), page ?? 1, size, total,
            (total + size - 1) / size));
    }

    public static async Task<Ok<ContributionResponse>> Get(Guid id, ContributionRepository contributions, CancellationToken cancellationToken) =>
        TypedResults.Ok(ContributionResponse.From(await contributions.FindAsync(id, cancellationToken) ?? throw new NotFoundException("Contribution", id)));

    /// <summary>Queues the content for ingestion into the contribution's namespace; 409 when it was already reviewed.</summary>
    public static async Task<Ok<ContributionResponse>> Approve(Guid id, [FromBody] ReviewContributionRequest? request, HttpContext http,
        ContributionService contributions, CancellationToken cancellationToken) =>
        TypedResults.Ok(ContributionResponse.From(await contributions.ApproveAsync(id, request?.Note, http, cancellationToken)));

    /// <summary>Needs a note saying why (the contributor sees it); 409 when it was already reviewed.</summary>
    public static async Task<Ok<ContributionResponse>> Reject(Guid id, [FromBody] ReviewContributionRequest? request, HttpContext http,
        ContributionService contributions, CancellationToken cancellationToken) =>
        TypedResults.Ok(ContributionResponse.From(await contributions.RejectAsync(id, request?.Note, http, cancellationToken)));

    /// <summary>The signed-in user, else the chat session (X-Session-Token or cookie), else a 401 naming how to get one.</summary>
    private static async Task<Contributor> ContributorAsync(HttpContext http, SessionManager sessions, CancellationToken cancellationToken)
    {
        if (http.User.UserIdOrNull() is { } userId)
        {
            var email = http.User.FindFirst(UserClaims.Email)?.Value;
            return new Contributor(userId, null, email is null ? null : EmailAddresses.Normalize(email));
        }
        var session = await sessions.RequireAsync(http, cancellationToken);
        return new Contributor(session.UserId, session.Id, session.Email);
    }

    private static async Task<string> NamespaceAsync(AgentContext agents, string? agent, CancellationToken cancellationToken)
    {
        var settings = agent is { Length: > 0 } named
            ? await agents.FindAsync(named, cancellationToken)
              ?? throw new RequestValidationException("agent", $"agent must be one of {string.Join(", ", Agents.All)}.")
            : await agents.CurrentAsync(cancellationToken);
        return settings.RetrievalNamespace;
    }

    private static async Task<SubmitContributionRequest> ReadJsonAsync(HttpContext http, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await http.Request.ReadFromJsonAsync<SubmitContributionRequest>(options, cancellationToken)
                   ?? throw new RequestValidationException("text", "Send a JSON object with the text to contribute.");
        }
        catch (JsonException ex)
        {
            throw new RequestValidationException("body", $"The JSON body is invalid{(ex.Path is { Length: > 0 } path ? $" at {path}" : "")}.");
        }
    }

    private static Task<IFormCollection> ReadFormAsync(HttpContext http, IngestionOptions settings, CancellationToken cancellationToken) =>
        MultipartForms.ReadAsync(http, new FormOptions { MultipartBodyLengthLimit = BodyLimit(settings), ValueCountLimit = 20 }, "file",
            cancellationToken);
}
