using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Repositories;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/personas: the shopper personas of the demo dropdown (seed 000).</summary>
public static class PersonaEndpoints
{
    public static RouteGroupBuilder MapPersonaEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/personas").WithTags("Personas");
        group.MapGet("/", List).WithName("ListPersonas");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<PersonaResponse>>> List(PersonaRepository personas, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PersonaResponse>>((await personas.ShoppersAsync(cancellationToken)).Select(PersonaResponse.From).ToList());
}
