using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SalesMate.Api.Routes;

public sealed record AntiforgeryTokenResponse(string Token, string HeaderName, string FormFieldName);

/// <summary>
/// GET /api/v1/antiforgery/token: the token a page puts in its cookie-authenticated form posts (form field or header);
/// the matching cookie is set with it. See <see cref="Middleware.CsrfProtection"/>.
/// </summary>
public static class AntiforgeryEndpoints
{
    public static IEndpointRouteBuilder MapAntiforgeryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/antiforgery/token", Token).WithTags("Security").WithName("AntiforgeryToken");
        return app;
    }

    public static Ok<AntiforgeryTokenResponse> Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.RequestToken!, tokens.HeaderName!, tokens.FormFieldName));
    }
}
