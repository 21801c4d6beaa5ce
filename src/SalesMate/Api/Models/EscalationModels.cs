using SalesMate.Repositories;

namespace SalesMate.Api.Models;

/// <summary>An escalated conversation: handled_at is null while it waits for someone from sales.</summary>
public sealed record EscalationResponse(Guid ConversationId, string? Title, string Stage, int MessageCount, DateTime? LastMessageAt,
    DateTime? HandledAt, string? HandledBy, string TranscriptUrl);

public sealed record EscalationListResponse(IReadOnlyList<EscalationResponse> Escalations)
{
    public static EscalationListResponse From(IEnumerable<ConversationRow> rows) => new(rows.Select(r =>
        new EscalationResponse(r.Id, r.Title, r.Stage, r.MessageCount, r.LastMessageAt, null, null, $"/admin/conversations/{r.Id}")).ToList());
}
