using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Profiles;

/// <summary>Whose facts: an account's, or an anonymous chat session's until sign-in.</summary>
public readonly record struct FactOwner(Guid? UserId, Guid SessionId)
{
    public static FactOwner Of(Conversation conversation) => new(conversation.UserId, conversation.SessionId);
}

/// <summary>Reads and writes learned profile facts. Writes are added to the caller's unit of work, never saved here.</summary>
public sealed class ProfileFactStore(SalesMateDbContext db, IOptions<ProfileLearningOptions> options, TimeProvider clock)
{
    // Compiled: a turn that learns something reads the owner's facts (building the query each time showed in the turn's profile).
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, IAsyncEnumerable<ProfileFact>>> FactsOfUser = new(() => EF.CompileAsyncQuery(
        (SalesMateDbContext db, Guid userId) => db.ProfileFacts.Where(f => f.UserId == userId)));

    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, IAsyncEnumerable<ProfileFact>>> FactsOfSession = new(() => EF.CompileAsyncQuery(
        (SalesMateDbContext db, Guid sessionId) => db.ProfileFacts.Where(f => f.SessionId == sessionId && f.UserId == null)));

    // What LoadAsync read in this scope: a turn loads the profile before answering and learns from the message after.
    private (FactOwner Owner, List<ProfileFact> Facts)? _loaded;

    /// <summary>What this scope read, for the later scope of the same turn (a background stream stores on a fresh one).</summary>
    public ProfileFactReads Reads => new(_loaded);

    /// <summary>Takes over what an earlier scope of the same turn read, so learning what is already known reads nothing.</summary>
    public void Know(ProfileFactReads reads) => _loaded ??= reads.Loaded;

    public IQueryable<ProfileFact> Of(FactOwner owner) => owner.UserId is { } userId
        ? db.ProfileFacts.Where(f => f.UserId == userId)
        : db.ProfileFacts.Where(f => f.SessionId == owner.SessionId && f.UserId == null);

    /// <summary>
    /// What is known about the shopper: an account's facts, or an anonymous session's together with those of every
    /// session proven by an emailed code to belong to the same email (the identity rule the conversation list uses).
    /// Read only: new facts are written to the session's own (<see cref="Of"/>).
    /// </summary>
    public IQueryable<ProfileFact> OfShopper(FactOwner owner)
    {
        if (owner.UserId is not null)
        {
            return Of(owner);
        }
        var sessionId = owner.SessionId;
        var provenEmail = db.Sessions.Where(s => s.Id == sessionId).Select(s => s.Email);
        return db.ProfileFacts.Where(f => f.UserId == null && (f.SessionId == sessionId
            || db.Sessions.Any(s => s.Id == f.SessionId && s.Email != null && provenEmail.Contains(s.Email))));
    }

    /// <summary>The learned profile used for an answer, or null when nothing is known.</summary>
    public async Task<LearnedProfile?> LoadAsync(FactOwner owner, CancellationToken cancellationToken)
    {
        var facts = await OfShopper(owner).AsNoTracking().ToListAsync(cancellationToken);
        var form = owner.UserId is { } userId
            ? await db.UserProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken)
            : null;
        return Loaded(owner, facts, form);
    }

    /// <summary>The profile from facts (<see cref="OfShopper"/>) and form the caller read itself, remembered like <see cref="LoadAsync"/>'s.</summary>
    public LearnedProfile? Loaded(FactOwner owner, List<ProfileFact> facts, UserProfile? form)
    {
        _loaded = (owner, facts);
        var profile = LearnedProfile.From(facts, form);
        return profile.IsEmpty ? null : profile;
    }

    /// <summary>
    /// Adds what one message taught: a one-value kind (name, email, budget...) replaces the older value, a list kind
    /// gains the value unless it is already there. Returns the facts that are new or changed.
    /// </summary>
    public async Task<IReadOnlyList<ProfileFact>> LearnAsync(FactOwner owner, FactExtraction extraction, Guid messageId, Guid conversationId,
        CancellationToken cancellationToken)
    {
        if (extraction.Facts.Count == 0 || AllKnown(owner, extraction))
        {
            return [];
        }
        var existing = new List<ProfileFact>();
        var query = owner.UserId is { } userId ? FactsOfUser.For(db)(db, userId) : FactsOfSession.For(db)(db, owner.SessionId);
        await foreach (var fact in query.WithCancellation(cancellationToken))
        {
            existing.Add(fact);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = new List<ProfileFact>();
        foreach (var fact in extraction.Facts)
        {
            var same = existing.Where(f => f.Kind == fact.Kind).ToList();
            if (same.Any(f => string.Equals(f.Value, fact.Value, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (ProfileFactKinds.IsSingle(fact.Kind) && same.FirstOrDefault() is { } current)
            {
                current.Value = fact.Value;
                current.Source = extraction.Source;
                current.MessageId = messageId;
                current.ConversationId = conversationId;
                current.UpdatedAt = now;
                changed.Add(current);
                continue;
            }
            if (existing.Count >= options.Value.MaxFacts)
            {
                continue;
            }
            var added = new ProfileFact
            {
                Id = Guid.CreateVersion7(),
                UserId = owner.UserId,
                SessionId = owner.UserId is null ? owner.SessionId : null,
                Kind = fact.Kind,
                Value = fact.Value,
                Source = extraction.Source,
                MessageId = messageId,
                ConversationId = conversationId,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ProfileFacts.Add(added);
            existing.Add(added);
            changed.Add(added);
        }
        return changed;
    }

    /// <summary>Whether the owner's facts loaded for this turn already hold every extracted value (nothing to learn, no query).</summary>
    private bool AllKnown(FactOwner owner, FactExtraction extraction) =>
        _loaded is { } loaded && loaded.Owner == owner
        && extraction.Facts.All(fact => loaded.Facts.Any(f => IsOwn(owner, f) && f.Kind == fact.Kind
                                                           && string.Equals(f.Value, fact.Value, StringComparison.OrdinalIgnoreCase)));

    private static bool IsOwn(FactOwner owner, ProfileFact fact) => owner.UserId is { } userId
        ? fact.UserId == userId
        : fact.SessionId == owner.SessionId && fact.UserId == null;
}

/// <summary>The facts a scope loaded for a turn (<see cref="ProfileFactStore.Reads"/>).</summary>
public sealed record ProfileFactReads((FactOwner Owner, List<ProfileFact> Facts)? Loaded);
