using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Intelligence;

namespace SalesMate.Services.Profiles;

/// <summary>
/// Recognising a returning anonymous shopper by a verified email (ADR 0010d). Only a session that proved the address with
/// an emailed code (<see cref="VisitorSession.Email"/>, set by the OTP link and nowhere else) counts as the same shopper
/// as the address's other proven sessions: their learned profile then applies (<see cref="ProfileFactStore.OfShopper"/>)
/// and the session's open conversations welcome the shopper back on their next answer (<see cref="WelcomeBack"/>).
/// </summary>
public static class ReturningShopper
{
    /// <summary>Call when <paramref name="session"/> has just proved its email; adds the changes to the unit of work (the caller saves).</summary>
    public static async Task OnEmailProvenAsync(SalesMateDbContext db, VisitorSession session, CancellationToken cancellationToken)
    {
        var email = session.Email;
        if (email is null || !await db.Sessions.AnyAsync(s => s.Id != session.Id && s.Email == email, cancellationToken))
        {
            return; // the first session proven for this address: nobody to recognise
        }
        var conversations = await db.Conversations.Where(c => c.SessionId == session.Id).ToListAsync(cancellationToken);
        foreach (var conversation in conversations.Where(c => !c.State.WelcomeBackDue && !c.State.NudgesGiven.Contains(Nudges.WelcomeBack)))
        {
            conversation.State = conversation.State with { WelcomeBackDue = true };
        }
    }
}
