using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Services.Conversations;
using SalesMate.Services.Privacy;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/privacy: export or delete everything stored for an email, confirmed by a code from POST /api/v1/otp/request.</summary>
public static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/privacy").WithTags("Privacy");
        group.MapPost("/export", Export).WithName("ExportPersonalData");
        group.MapPost("/delete", Delete).WithName("DeletePersonalData");
        return group;
    }

    /// <summary>Needs a code requested with purpose export from this chat session.</summary>
    public static async Task<Ok<PrivacyExport>> Export(PrivacyRequest request, HttpContext http, SessionManager sessions, PrivacyService privacy,
        CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(http, cancellationToken);
        var export = await privacy.ExportAsync(request.Email ?? "", request.Code?.Trim() ?? "", session, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(export);
    }

    /// <summary>Needs a code requested with purpose delete_data from this chat session; this session is deleted too.</summary>
    public static async Task<Ok<PrivacyDeletedResponse>> Delete(PrivacyRequest request, HttpContext http, SessionManager sessions,
        PrivacyService privacy, CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(http, cancellationToken);
        var deletion = await privacy.DeleteAsync(request.Email ?? "", request.Code?.Trim() ?? "", session, cancellationToken);
        if (deletion.RequesterDeleted)
        {
            http.Response.Cookies.Delete(SessionManager.CookieName);
        }
        return TypedResults.Ok(new PrivacyDeletedResponse(deletion.Email, deletion.Deleted));
    }
}
