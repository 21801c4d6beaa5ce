using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Api.Models;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Repositories;
using SalesMate.Services.Auth;
using SalesMate.Services.Tenancy;
using SalesMate.Core.Entities;
using SalesMate.Services.Rag.Ingestion;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/rag: the tenant's knowledge base documents (tenant_admin). Ingestion runs in the background queue.</summary>
public static class KnowledgeEndpoints
{
    public static RouteGroupBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var group = app.MapGroup("/api/v1/rag").WithTags("Knowledge base").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapPost("/upload", Upload).WithName("UploadDocuments")
            .WithMetadata(new RequestSizeLimitAttribute(UploadBodyLimit(settings)));
        group.MapGet("/documents", List).WithName("ListDocuments");
        group.MapGet("/documents/{id:guid}", Get).WithName("GetDocument");
        group.MapGet("/documents/{id:guid}/chunks", Chunks).WithName("GetDocumentChunks");
        group.MapDelete("/documents/{id:guid}", Delete).WithName("DeleteDocument");
        group.MapPost("/documents/{id:guid}/reindex", Reindex).WithName("ReindexDocument");
        return group;
    }

    /// <summary>Room for every allowed file at its largest plus the multipart framing.</summary>
    private static long UploadBodyLimit(IngestionOptions settings) => settings.MaxUploadBytes * settings.MaxFilesPerUpload + 1024 * 1024;

    /// <remarks>
    /// multipart/form-data: one or more <c>files</c>, optional <c>tags</c> (comma-separated or repeated) and <c>agent</c>
    /// (else the agent of the <c>/a/{agent}</c> prefix, else app.default_agent), whose retrieval namespace gets them.
    /// 202 with the queued documents; 200 when every file was already in the knowledge base (the existing documents).
    /// </remarks>
    public static async Task<Results<Accepted<UploadResponse>, Ok<UploadResponse>>> Upload(HttpContext http, KnowledgeUploads uploads,
        IngestionQueue queue, SalesMateDbContext db, AgentContext agents, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        var form = await ReadFormAsync(http, options.Value, cancellationToken);
        var named = form["agent"].FirstOrDefault() is { Length: > 0 } agent ? agent : null;
        var settings = named is null
            ? await agents.CurrentAsync(cancellationToken) // the /a/{agent} prefix, else app.default_agent
            : await agents.FindAsync(named, cancellationToken)
              ?? throw new RequestValidationException("agent", $"agent must be one of {string.Join(", ", Agents.All)}.");
        var tags = KnowledgeUploads.ParseTags(form["tags"]);
        var tenantId = db.CurrentTenantId;
        var files = form.Files.Select(f => new IncomingFile(f.FileName, f.Length, f.OpenReadStream)).ToList();

        var outcomes = await uploads.AddAsync(files, settings.RetrievalNamespace, tags, http.User.UserIdOrNull(), cancellationToken);
        foreach (var outcome in outcomes.Where(o => !o.Duplicate))
        {
            queue.Enqueue(tenantId, outcome.Document.Id);
        }
        var body = new UploadResponse(outcomes.Select(o =>
            new UploadedDocument(o.Document.Id, o.Document.FileName, o.Document.Title, o.Document.Status, o.Duplicate)).ToList());
        return outcomes.All(o => o.Duplicate) ? TypedResults.Ok(body) : TypedResults.Accepted("/api/v1/rag/documents", body);
    }

    public static async Task<Ok<PageResponse<DocumentResponse>>> List(KnowledgeDocumentRepository documents, CancellationToken cancellationToken,
        string? status = null, int? page = null, [FromQuery(Name = "page_size")] int? pageSize = null)
    {
        if (status is not null && !KnowledgeDocumentRepository.Statuses.Contains(status))
        {
            throw new RequestValidationException("status", $"status must be one of {string.Join(", ", KnowledgeDocumentRepository.Statuses)}.");
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
        var (items, total) = await documents.ListAsync(status, null, page ?? 1, size, cancellationToken);
        return TypedResults.Ok(new PageResponse<DocumentResponse>(items.Select(DocumentResponse.From).ToList(), page ?? 1, size, total,
            (total + size - 1) / size));
    }

    public static async Task<Ok<DocumentResponse>> Get(Guid id, KnowledgeDocumentRepository documents, CancellationToken cancellationToken) =>
        TypedResults.Ok(DocumentResponse.From(await documents.FindAsync(id, cancellationToken) ?? throw new NotFoundException("Document", id)));

    /// <summary>The stored passages with their page, section and offsets: what retrieval searches and cites.</summary>
    public static async Task<Ok<ChunksResponse>> Chunks(Guid id, KnowledgeDocumentRepository documents, CancellationToken cancellationToken)
    {
        _ = await documents.FindAsync(id, cancellationToken) ?? throw new NotFoundException("Document", id);
        var chunks = await documents.ChunksAsync(id, cancellationToken);
        return TypedResults.Ok(new ChunksResponse(id, chunks.Select(ChunkResponse.From).ToList()));
    }

    public static async Task<NoContent> Delete(Guid id, KnowledgeDocumentService service, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Accepted<DocumentResponse>> Reindex(Guid id, KnowledgeDocumentService service, IngestionQueue queue,
        SalesMateDbContext db, CancellationToken cancellationToken)
    {
        var document = await service.RequeueAsync(id, cancellationToken);
        queue.Enqueue(db.CurrentTenantId, document.Id);
        return TypedResults.Accepted($"/api/v1/rag/documents/{id}", DocumentResponse.From(document));
    }

    private static async Task<IFormCollection> ReadFormAsync(HttpContext http, IngestionOptions settings, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            throw new UnsupportedMediaTypeException("files", "Send the files as multipart/form-data (field name: files).");
        }
        return await MultipartForms.ReadAsync(http, new FormOptions
        {
            MultipartBodyLengthLimit = UploadBodyLimit(settings),
            ValueCountLimit = 100,
        }, "files", cancellationToken);
    }
}
