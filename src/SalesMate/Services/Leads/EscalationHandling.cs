using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Admin;
using SalesMate.Services.Auth;

namespace SalesMate.Services.Leads;

/// <summary>
/// Sales marks an escalated conversation handled: it leaves "escalations waiting", the conversation's lead gets an
/// <c>escalation_handled</c> event (scores unchanged) and the audit log an entry, all in one save. Marking it again
/// changes nothing; a new offer of a person in that conversation makes it wait again (SalesPipeline).
/// </summary>
public sealed class EscalationHandling(SalesMateDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<Conversation> MarkHandledAsync(Guid conversationId, HttpContext http, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
                           ?? throw new NotFoundException("Conversation", conversationId);
        if (!conversation.State.Escalated)
        {
            throw new ConflictException("This conversation was never escalated to a person, so there is nothing to mark handled.");
        }
        if (conversation.State.EscalationHandledAt is not null)
        {
            return conversation;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var by = http.User.FindFirst(UserClaims.Email)?.Value;
        conversation.State = conversation.State with { EscalationHandledAt = now, EscalationHandledBy = by };
        var lead = await LeadOfAsync(conversation, cancellationToken);
        if (lead is not null)
        {
            db.LeadEvents.Add(new LeadEvent
            {
                Id = Guid.CreateVersion7(),
                LeadId = lead.Id,
                ConversationId = conversation.Id,
                Kind = LeadEventKinds.EscalationHandled,
                EngagementBefore = lead.EngagementScore,
                EngagementAfter = lead.EngagementScore,
                IntentBefore = lead.IntentScore,
                IntentAfter = lead.IntentScore,
                TemperatureBefore = lead.Temperature,
                TemperatureAfter = lead.Temperature,
                CreatedAt = now,
            });
        }
        audit.Add(http, AuditActions.EscalationHandle, "conversation", conversation.Id, new() { ["lead_id"] = lead?.Id.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return conversation;
    }

    /// <summary>The account's lead when the conversation belongs to one, else its chat session's (as LeadScorer files them).</summary>
    private Task<Lead?> LeadOfAsync(Conversation conversation, CancellationToken cancellationToken) => conversation.UserId is { } userId
        ? db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.UserId == userId, cancellationToken)
        : db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.SessionId == conversation.SessionId && l.UserId == null, cancellationToken);
}
