using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Privacy;

namespace SalesMate.Repositories;

/// <summary>The core tables' part of privacy requests: who the data belongs to, what is stored, and removing it.</summary>
public sealed class PersonalDataRepository(SalesMateDbContext db)
{
    /// <summary>
    /// The accounts with this email, the chat sessions proven to have it or signed in to those accounts, the session
    /// that just proved it (unless it belongs to someone else), and all their conversations.
    /// </summary>
    public async Task<PrivacySubject> FindSubjectAsync(string email, VisitorSession requester, CancellationToken cancellationToken)
    {
        var userIds = await db.Users.Where(u => u.Email.ToLower() == email).Select(u => u.Id).ToArrayAsync(cancellationToken);
        var requesterIsTheirs = (requester.Email is null || requester.Email == email)
                                && (requester.UserId is null || userIds.Contains(requester.UserId.Value));
        var requesterId = requesterIsTheirs ? requester.Id : Guid.Empty;
        var sessionIds = await db.Sessions
            .Where(s => s.Email == email || (s.UserId != null && userIds.Contains(s.UserId.Value)) || s.Id == requesterId)
            .Select(s => s.Id).ToArrayAsync(cancellationToken);
        var conversationIds = await db.Conversations
            .Where(c => sessionIds.Contains(c.SessionId) || (c.UserId != null && userIds.Contains(c.UserId.Value)))
            .Select(c => c.Id).ToArrayAsync(cancellationToken);
        return new PrivacySubject(email, userIds, sessionIds, conversationIds);
    }

    public async Task<PrivacyExport> ExportAsync(PrivacySubject subject, DateTime now, CancellationToken ct)
    {
        var (email, userIds, sessionIds, conversationIds) = (subject.Email, subject.UserIds.ToArray(), subject.SessionIds.ToArray(), subject.ConversationIds.ToArray());
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).OrderBy(u => u.CreatedAt)
            .Select(u => new ExportedUser(u.Id, u.Email, u.DisplayName, u.Role, u.IsActive, u.EmailVerifiedAt, u.PasswordChangedAt, u.CreatedAt, u.LastActiveAt))
            .ToListAsync(ct);
        var profiles = (await db.UserProfiles.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToListAsync(ct))
            .Select(p => new ExportedProfile(p.UserId, p.BudgetMin, p.BudgetMax, p.Currency, p.Categories, p.KeyFeatures, p.Preferences, p.CreatedAt, p.UpdatedAt))
            .ToList();
        var accountSessions = await db.AuthSessions.AsNoTracking().Where(s => userIds.Contains(s.UserId)).OrderBy(s => s.CreatedAt)
            .Select(s => new ExportedAccountSession(s.Id, s.UserId, s.CreatedAt, s.ExpiresAt, s.RevokedAt, s.RevokedReason, s.UserAgent, s.IpAddress))
            .ToListAsync(ct);
        var chatSessions = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id)).OrderBy(s => s.CreatedAt)
            .Select(s => new ExportedChatSession(s.Id, s.Email, s.IsAnonymous, s.UserId, s.CreatedAt, s.LastActivityAt))
            .ToListAsync(ct);

        var messages = (await db.Messages.AsNoTracking().Where(m => conversationIds.Contains(m.ConversationId)).ToListAsync(ct))
            .ToLookup(m => m.ConversationId);
        var summaries = (await db.ConversationSummaries.AsNoTracking().Where(s => conversationIds.Contains(s.ConversationId)).ToListAsync(ct))
            .ToLookup(s => s.ConversationId);
        var conversations = (await db.Conversations.AsNoTracking().Where(c => conversationIds.Contains(c.Id)).OrderBy(c => c.CreatedAt).ToListAsync(ct))
            .Select(c => new ExportedConversation(c.Id, c.SessionId, c.UserId, c.ShopperPersonaId, c.Title, c.Status, c.State, c.CreatedAt, c.UpdatedAt,
                messages[c.Id].OrderBy(m => m.Sequence).Select(m => new ExportedMessage(m.Id, m.Sequence, m.Role, m.Content, m.Metadata, m.CreatedAt)).ToList(),
                summaries[c.Id].OrderBy(s => s.CreatedAt).Select(s => new ExportedSummary(s.Id, s.Summary, s.MessagesIncluded, s.CreatedAt)).ToList()))
            .ToList();

        var modelCalls = await db.LlmRequests.AsNoTracking()
            .Where(r => r.ConversationId != null && conversationIds.Contains(r.ConversationId.Value)).OrderBy(r => r.CreatedAt)
            .Select(r => new ExportedModelCall(r.Id, r.ConversationId, r.Purpose, r.Provider, r.Model, r.RequestBody, r.ResponseBody, r.TotalTokens,
                r.ComputedCost, r.Status, r.Error, r.CreatedAt))
            .ToListAsync(ct);
        var emails = await EmailEvents(email, sessionIds).AsNoTracking().OrderBy(e => e.CreatedAt)
            .Select(e => new ExportedEmail(e.Id, e.SessionId, e.ToEmail, e.Subject, e.Body, e.Kind, e.Provider, e.Status, e.ProviderMessageId, e.Error, e.CreatedAt))
            .ToListAsync(ct);
        var codes = await OtpLinks(email, sessionIds).AsNoTracking().OrderBy(o => o.CreatedAt)
            .Select(o => new ExportedOneTimeCode(o.Id, o.Purpose, o.SessionId, o.RequestedIp, o.FailedAttempts, o.CreatedAt, o.ExpiresAt, o.ConsumedAt, o.InvalidatedAt))
            .ToListAsync(ct);
        var usage = (await UsageEvents(sessionIds, conversationIds).AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(ct))
            .Select(u => new ExportedUsageEvent(u.Id, u.SessionId, u.ConversationId, u.Action, u.Metadata, u.CreatedAt))
            .ToList();
        return new PrivacyExport(email, now, users, profiles, accountSessions, chatSessions, conversations, modelCalls, emails, codes, usage);
    }

    /// <summary>Deletes the subject's rows from every core table, children first; the caller owns the transaction.</summary>
    public async Task<Dictionary<string, int>> DeleteAsync(PrivacySubject subject, CancellationToken ct)
    {
        var (email, userIds, sessionIds, conversationIds) = (subject.Email, subject.UserIds.ToArray(), subject.SessionIds.ToArray(), subject.ConversationIds.ToArray());
        var streams = db.ChatStreams.Where(s => conversationIds.Contains(s.ConversationId) || sessionIds.Contains(s.SessionId));
        var authSessions = db.AuthSessions.Where(s => userIds.Contains(s.UserId));
        return new Dictionary<string, int>
        {
            ["llm_requests"] = await db.LlmRequests.Where(r => r.ConversationId != null && conversationIds.Contains(r.ConversationId.Value)).ExecuteDeleteAsync(ct),
            ["usage_events"] = await UsageEvents(sessionIds, conversationIds).ExecuteDeleteAsync(ct),
            ["idempotency_keys"] = await db.IdempotencyRecords.Where(r => sessionIds.Contains(r.SessionId)).ExecuteDeleteAsync(ct),
            ["stream_events"] = await db.StreamEvents.Where(e => streams.Any(s => s.Id == e.StreamId)).ExecuteDeleteAsync(ct),
            ["chat_streams"] = await streams.ExecuteDeleteAsync(ct),
            ["conversation_summaries"] = await db.ConversationSummaries.Where(s => conversationIds.Contains(s.ConversationId)).ExecuteDeleteAsync(ct),
            ["messages"] = await db.Messages.Where(m => conversationIds.Contains(m.ConversationId)).ExecuteDeleteAsync(ct),
            ["conversations"] = await db.Conversations.Where(c => conversationIds.Contains(c.Id)).ExecuteDeleteAsync(ct),
            ["otp_links"] = await OtpLinks(email, sessionIds).ExecuteDeleteAsync(ct),
            ["email_events"] = await EmailEvents(email, sessionIds).ExecuteDeleteAsync(ct),
            ["sessions"] = await db.Sessions.Where(s => sessionIds.Contains(s.Id)).ExecuteDeleteAsync(ct),
            ["refresh_tokens"] = await db.RefreshTokens.Where(t => authSessions.Any(s => s.Id == t.SessionId)).ExecuteDeleteAsync(ct),
            ["auth_sessions"] = await authSessions.ExecuteDeleteAsync(ct),
            ["user_profiles"] = await db.UserProfiles.Where(p => userIds.Contains(p.UserId)).ExecuteDeleteAsync(ct),
            ["users"] = await db.Users.Where(u => userIds.Contains(u.Id)).ExecuteDeleteAsync(ct),
        };
    }

    /// <summary>Roles of the accounts with this email (privacy deletion does not remove staff accounts).</summary>
    public async Task<IReadOnlyList<string>> RolesAsync(PrivacySubject subject, CancellationToken ct)
    {
        var userIds = subject.UserIds.ToArray();
        return await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => u.Role).Distinct().ToListAsync(ct);
    }

    private IQueryable<EmailEvent> EmailEvents(string email, Guid[] sessionIds) =>
        db.EmailEvents.Where(e => e.ToEmail.ToLower() == email || (e.SessionId != null && sessionIds.Contains(e.SessionId.Value)));

    private IQueryable<OtpLink> OtpLinks(string email, Guid[] sessionIds) =>
        db.OtpLinks.Where(o => o.Email == email || (o.SessionId != null && sessionIds.Contains(o.SessionId.Value)));

    private IQueryable<UsageEvent> UsageEvents(Guid[] sessionIds, Guid[] conversationIds) =>
        db.UsageEvents.Where(u => (u.SessionId != null && sessionIds.Contains(u.SessionId.Value))
                                  || (u.ConversationId != null && conversationIds.Contains(u.ConversationId.Value)));
}
