using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Services.Auth;
using SalesMate.Services.Conversations;
using SalesMate.Services.Feedback;

namespace SalesMate.Api.Routes;

public sealed record FeedbackRequest(string? Rating, bool? Inaccurate, string? Comment);

public sealed record FeedbackResponse(Guid Id, Guid MessageId, Guid ConversationId, string Rating, bool Inaccurate, string? Comment,
    DateTime CreatedAt, DateTime UpdatedAt)
{
    public static FeedbackResponse From(MessageFeedback f) => new(f.Id, f.MessageId, f.ConversationId,
        f.Rating switch { 1 => "up", -1 => "down", _ => "none" }, f.Inaccurate, f.Comment, f.CreatedAt, f.UpdatedAt);
}

public sealed record AdminFeedbackItem(FeedbackResponse Feedback, string Answer, string? Question);

public sealed record AdminFeedbackPage(IReadOnlyList<AdminFeedbackItem> Items, int Page, int PageSize, int Total);

/// <summary>Thumbs up/down and "report inaccurate answer" on assistant messages (seed 004); admins read them.</summary>
public static class FeedbackEndpoints
{
    public static IEndpointRouteBuilder MapFeedbackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/chat/messages/{messageId:guid}/feedback", Record).WithTags("Chat").WithName("MessageFeedback");
        app.MapGet("/api/v1/admin/feedback", List).WithTags("Admin").WithName("AdminListFeedback").RequireAuthorization(AuthPolicies.TenantAdmin);
        return app;
    }

    public static async Task<Ok<FeedbackResponse>> Record(Guid messageId, FeedbackRequest request, HttpContext http, SessionManager sessions,
        AnswerFeedback feedback, CancellationToken cancellationToken)
    {
        var session = await sessions.RequireAsync(http, cancellationToken);
        var row = await feedback.RecordAsync(session, messageId, request.Rating, request.Inaccurate, request.Comment, cancellationToken);
        return TypedResults.Ok(FeedbackResponse.From(row));
    }

    public static async Task<Ok<AdminFeedbackPage>> List(AnswerFeedback feedback, CancellationToken cancellationToken,
        bool? inaccurate = null, int? page = null, [FromQuery(Name = "page_size")] int? pageSize = null)
    {
        if (page is < 1)
        {
            throw new RequestValidationException("page", "page must be 1 or more.");
        }
        if (pageSize is < 1 or > 200)
        {
            throw new RequestValidationException("page_size", "page_size must be between 1 and 200.");
        }
        var (items, total) = await feedback.ListAsync(inaccurate, page ?? 1, pageSize ?? 50, cancellationToken);
        return TypedResults.Ok(new AdminFeedbackPage(items.Select(i => new AdminFeedbackItem(FeedbackResponse.From(i.Feedback), i.Answer, i.Question)).ToList(),
            page ?? 1, pageSize ?? 50, total));
    }
}
