using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Services.Auth;
using SalesMate.Services.Products.Imports;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/admin/products/imports: CSV/JSON product imports run in the background, and their progress and report.</summary>
public static class AdminProductImportEndpoints
{
    private const long BodyLimit = ProductImportJobs.MaxFileBytes + 1024 * 1024;

    public static RouteGroupBuilder MapAdminProductImportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/products/imports").WithTags("Admin").RequireAuthorization(AuthPolicies.TenantAdmin);
        group.MapPost("/", Start).WithName("AdminStartProductImport").WithMetadata(new RequestSizeLimitAttribute(BodyLimit));
        group.MapGet("/", List).WithName("AdminListProductImports");
        group.MapGet("/{id:guid}", Get).WithName("AdminGetProductImport");
        return group;
    }

    /// <remarks>multipart/form-data: one <c>file</c> (.csv or .json) and optional <c>skip_invalid</c> (true/false). 202 with the queued job.</remarks>
    public static async Task<Accepted<ProductImportResponse>> Start(HttpContext http, ProductImportJobs imports, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            throw new UnsupportedMediaTypeException("body", "Send the file as multipart/form-data in the field 'file'.");
        }
        var form = await MultipartForms.ReadAsync(http, new FormOptions { MultipartBodyLengthLimit = BodyLimit, ValueCountLimit = 10 }, "file",
            cancellationToken);
        if (form.Files.Count != 1 || form.Files[0].Name != "file")
        {
            throw new RequestValidationException("file", "Send exactly one file in the multipart field 'file'.");
        }
        var skipInvalid = form["skip_invalid"].FirstOrDefault() is { Length: > 0 } flag
            ? bool.TryParse(flag, out var parsed) ? parsed : throw new RequestValidationException("skip_invalid", "skip_invalid must be true or false.")
            : false;
        var upload = form.Files[0];
        using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, cancellationToken);
        var job = await imports.StartAsync(upload.FileName, buffer.ToArray(), skipInvalid, http, cancellationToken);
        var body = ProductImportResponse.From(job);
        return TypedResults.Accepted(body.StatusUrl, body);
    }

    /// <summary>The most recent imports of the tenant, newest first.</summary>
    public static async Task<Ok<ProductImportListResponse>> List(ProductImportJobs imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ProductImportListResponse((await imports.RecentAsync(cancellationToken)).Select(ProductImportResponse.From).ToList()));

    /// <summary>Poll this while status is queued or running.</summary>
    public static async Task<Ok<ProductImportResponse>> Get(Guid id, ProductImportJobs imports, CancellationToken cancellationToken) =>
        TypedResults.Ok(ProductImportResponse.From(await imports.GetAsync(id, cancellationToken)));
}
