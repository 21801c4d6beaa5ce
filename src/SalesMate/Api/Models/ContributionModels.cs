using SalesMate.Core.Entities;

namespace SalesMate.Api.Models;

/// <summary>A text contribution (JSON body of POST /api/v1/contributions).</summary>
public sealed record SubmitContributionRequest(string? Title, string? Text, string? Category, string? Agent);

/// <summary>An approve or reject decision; the note is required to reject.</summary>
public sealed record ReviewContributionRequest(string? Note);

/// <summary>What the contributor sees of their own contribution.</summary>
public sealed record MyContributionResponse(Guid Id, string Title, string? Category, string Kind, string? FileName, string Status,
    string? ReviewNote, DateTime? ReviewedAt, DateTime CreatedAt)
{
    public static MyContributionResponse From(Contribution c) =>
        new(c.Id, c.Title, c.Category, KindOf(c), c.FileName, c.Status, c.ReviewNote, c.ReviewedAt, c.CreatedAt);

    public static string KindOf(Contribution c) => c.StoredName is null ? "text" : "file";
}

/// <summary>What a tenant_admin reviews: the content (text, or the file's name), who sent it and what became of it.</summary>
public sealed record ContributionResponse(Guid Id, string Namespace, string Title, string? Category, string Kind, string? Text, string? FileName,
    string Status, Guid? UserId, Guid? SessionId, string? Email, Guid? ReviewedByUserId, DateTime? ReviewedAt, string? ReviewNote, Guid? DocumentId,
    DateTime CreatedAt)
{
    public static ContributionResponse From(Contribution c) => new(c.Id, c.Namespace, c.Title, c.Category, MyContributionResponse.KindOf(c), c.Text,
        c.FileName, c.Status, c.UserId, c.SessionId, c.Email, c.ReviewedByUserId, c.ReviewedAt, c.ReviewNote, c.DocumentId, c.CreatedAt);
}

public sealed record MyContributionsResponse(IReadOnlyList<MyContributionResponse> Items);
