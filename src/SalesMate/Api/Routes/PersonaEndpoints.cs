using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Repositories;
using SalesMate.Services.Conversations;

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

    /// <summary>Empty while the personas demo is off for this tenant (demo.personas / settings.demo_personas).</summary>
    public static async Task<Ok<IReadOnlyList<PersonaResponse>>> List(PersonaRepository personas, PersonaDemoSwitch demo, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<PersonaResponse>>(await demo.IsOnAsync(cancellationToken)
            ? (await personas.ShoppersAsync(cancellationToken)).Select(PersonaResponse.From).ToList()
            : []);
}
