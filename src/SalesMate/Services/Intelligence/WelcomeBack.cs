using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Seed 001's returning user: someone who chatted before is answered with "Welcome back! Last time you looked at …",
/// naming the products of their latest earlier conversation that are still in the catalog (those they looked at
/// closely first). "Someone" is the one identity rule of <see cref="Repositories.ConversationRepository.VisibleTo(VisitorSession)"/>:
/// the same chat session, the same signed-in account, or a session proven by an emailed code (OTP link) to belong to
/// the same email. It happens on the first message of a new conversation, or on the first answer after the session
/// proved its email (<see cref="ConversationState.WelcomeBackDue"/>), once per conversation. An email merely typed in
/// the chat is never used to look anyone up. Nothing is said when there is nothing to name.
/// </summary>
public sealed class WelcomeBack(SalesMateDbContext db)
{
    private const int NamedProducts = 2;
    private const int ConversationsLookedAt = 5;

    public async Task<string?> ForAsync(Conversation conversation, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        if (!(IsFirstMessage(conversation) || conversation.State.WelcomeBackDue) || conversation.State.NudgesGiven.Contains(Nudges.WelcomeBack))
        {
            return null;
        }
        var (userId, sessionId) = (conversation.UserId, conversation.SessionId);
        // The email this session proved (null: none), read in the same query.
        var provenEmail = db.Sessions.Where(s => s.Id == sessionId).Select(s => s.Email);
        var earlier = await db.Conversations.AsNoTracking()
            .Where(c => c.Id != conversation.Id && c.Agent == conversation.Agent && c.MessageCount > 2
                        && (c.SessionId == sessionId || (userId != null && c.UserId == userId)
                            || db.Sessions.Any(s => s.Id == c.SessionId && s.Email != null && provenEmail.Contains(s.Email))))
            .OrderByDescending(c => c.LastMessageAt)
            .Take(ConversationsLookedAt)
            .Select(c => c.State)
            .ToListAsync(cancellationToken);
        foreach (var state in earlier)
        {
            var names = state.InterestedProductIds.AsEnumerable().Reverse().Concat(state.LastShownProductIds)
                .Distinct()
                .Select(catalog.Find).OfType<Product>()
                .Take(NamedProducts)
                .Select(p => $"the {p.Name}")
                .ToList();
            if (names.Count > 0)
            {
                return $"Welcome back! Last time you looked at {AnswerText.List(names)}. ";
            }
        }
        return null;
    }

    /// <summary>The greeting is message 1 and the shopper's first message 2: a conversation at 2 is answering its first message.</summary>
    public static bool IsFirstMessage(Conversation conversation) => conversation.MessageCount <= 2;
}
