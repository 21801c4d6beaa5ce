using Microsoft.AspNetCore.Http.HttpResults;
using SalesMate.Api.Models;
using SalesMate.Repositories;
using SalesMate.Services.Auth;
using SalesMate.Services.Leads;

namespace SalesMate.Api.Routes;

/// <summary>/api/v1/leads/escalations: conversations where the assistant offered a person, waiting for sales (sales and tenant_admin roles).</summary>
public static class EscalationEndpoints
{
    public const int Shown = 50;

    public static RouteGroupBuilder MapEscalationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/leads/escalations").WithTags("Leads").RequireAuthorization(AuthPolicies.Sales);
        group.MapGet("/", Waiting).WithName("ListWaitingEscalations");
        group.MapPost("/{conversationId:guid}/handled", MarkHandled).WithName("MarkEscalationHandled");
        return group;
    }

    /// <summary>Escalations nobody has marked handled, most recently active first.</summary>
    public static async Task<Ok<EscalationListResponse>> Waiting(ConversationInsightQueries conversations, CancellationToken cancellationToken) =>
        TypedResults.Ok(EscalationListResponse.From(await conversations.WaitingEscalationsAsync(Shown, cancellationToken)));

    /// <summary>200 with the handled escalation (also when it already was); 404 unknown conversation; 409 never escalated.</summary>
    public static async Task<Ok<EscalationResponse>> MarkHandled(Guid conversationId, HttpContext http, EscalationHandling escalations,
        CancellationToken cancellationToken)
    {
        var c = await escalations.MarkHandledAsync(conversationId, http, cancellationToken);
        return TypedResults.Ok(new EscalationResponse(c.Id, c.Title, c.State.Stage, c.MessageCount, c.LastMessageAt, c.State.EscalationHandledAt,
            c.State.EscalationHandledBy, $"/admin/conversations/{c.Id}"));
    }
}
