using Microsoft.EntityFrameworkCore;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Llm;
using SalesMate.Vector;

namespace SalesMate.Services.Intelligence;

/// <summary>
/// Seed 001's returning user: the first message of a new conversation by someone who chatted before (the same
/// signed-in user, or the same chat session) is answered with "Welcome back! Last time you looked at …", naming the
/// products of their latest earlier conversation that are still in the catalog (those they looked at closely first).
/// Nothing is said when there is nothing to name.
/// </summary>
public sealed class WelcomeBack(SalesMateDbContext db)
{
    private const int NamedProducts = 2;
    private const int ConversationsLookedAt = 5;

    public async Task<string?> ForAsync(Conversation conversation, CatalogSnapshot catalog, CancellationToken cancellationToken)
    {
        if (!IsFirstMessage(conversation))
        {
            return null;
        }
        var userId = conversation.UserId;
        var earlier = await db.Conversations.AsNoTracking()
            .Where(c => c.Id != conversation.Id && c.Agent == conversation.Agent && c.MessageCount > 2
                        && (c.SessionId == conversation.SessionId || (userId != null && c.UserId == userId)))
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
