using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Users;

/// <summary>
/// On sign-up or sign-in, the caller's anonymous chat session joins the account: the session and its conversations get
/// the account's id (so every session signed in to the account sees them once, see ConversationRepository.VisibleTo),
/// and what the assistant learned in those conversations fills gaps in the profile without duplicates. Earlier
/// sessions proven by OTP to belong to the account's email join too. Nothing is copied, so nothing can be duplicated.
/// </summary>
public sealed class AnonymousSessionMerger(SalesMateDbContext db, ProfileMerge profiles, Leads.LeadSessionMerge leads)
{
    /// <summary>Attaches <paramref name="session"/> (when it is not another account's) and the email's proven sessions (saves).</summary>
    public async Task AttachAsync(VisitorSession? session, User user, CancellationToken cancellationToken)
    {
        var sessionIds = await db.Sessions
            .Where(s => s.UserId == null && s.Email == user.Email)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (session is not null && (session.UserId is null || session.UserId == user.Id))
        {
            session.UserId = user.Id;
            session.IsAnonymous = false;
            sessionIds.Add(session.Id);
        }
        if (sessionIds.Count == 0)
        {
            return;
        }
        await db.Sessions.Where(s => sessionIds.Contains(s.Id) && s.UserId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UserId, user.Id).SetProperty(s => s.IsAnonymous, false), cancellationToken);
        var joining = db.Conversations.Where(c => sessionIds.Contains(c.SessionId) && c.UserId == null);
        var learned = await joining.OrderBy(c => c.UpdatedAt).Select(c => c.State).ToListAsync(cancellationToken);
        await joining.ExecuteUpdateAsync(u => u.SetProperty(c => c.UserId, user.Id), cancellationToken);
        if (learned.Count > 0)
        {
            await profiles.AddLearnedAsync(user.Id, learned, cancellationToken);
        }
        await leads.AttachAsync(sessionIds, user.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
