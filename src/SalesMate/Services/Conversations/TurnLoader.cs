using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Profiles;
using SalesMate.Services.Summaries;
using SalesMate.Services.Tenancy;
using SalesMate.Vector;

namespace SalesMate.Services.Conversations;

/// <summary>What a turn is answered from, read once before generation starts.</summary>
public sealed record LoadedTurn(
    Conversation Conversation,
    CatalogSnapshot Catalog,
    TenantSettings TenantSettings,
    AgentSettings? Agent,
    ShopperPersona? Shopper,
    AssistantPersona? Assistant,
    RollingSummary? Summary,
    IReadOnlyList<Message> History,
    LearnedProfile? Profile);

/// <summary>Reads a prepared turn's conversation, catalog, settings, personas, rolling summary, recent history and profile.</summary>
public sealed class TurnLoader(
    SalesMateDbContext db,
    CatalogIndex catalogIndex,
    PersonaCache personaCache,
    AgentContext agents,
    ProfileFactStore profileFacts,
    RollingSummaries rollingSummaries,
    RecentMessages recent)
{
    private const int HistoryTurns = 10;

    // Compiled: every turn runs it. The prompt needs who said what; each message's metadata JSON (products, steps...) is not read.
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, Guid, int, int, IAsyncEnumerable<Message>>> HistoryQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, Guid conversationId, Guid userMessageId, int summarizedThrough, int take) => db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Id != userMessageId && m.Sequence > summarizedThrough)
            .OrderByDescending(m => m.Sequence).Take(take)
            .Select(m => new Message { Id = m.Id, ConversationId = m.ConversationId, Sequence = m.Sequence, Role = m.Role, Content = m.Content, CreatedAt = m.CreatedAt })));

    public async Task<LoadedTurn> LoadAsync(PreparedTurn turn, TurnShape? shape)
    {
        var conversation = await ConversationAsync(turn);
        Utils.TurnTimeline.Mark("loader.conversation");
        var (tenantRow, profile) = await TenantAndProfileAsync(turn, FactOwner.Of(conversation));
        Utils.TurnTimeline.Mark("loader.tenant_profile");
        var (catalog, tenantSettings, personasVersion) = await catalogIndex.ForTurnAsync(db, tenantRow, CancellationToken.None);
        var personas = await personaCache.GetAsync(db, personasVersion, CancellationToken.None);
        Utils.TurnTimeline.Mark("loader.caches");
        var shopper = conversation.ShopperPersonaId is { } shopperId ? personas.Shopper(shopperId) : null;
        var assistant = conversation.AssistantPersonaId is { } assistantId ? personas.Assistant(assistantId) : personas.Assistant(null);
        // Messages a rolling summary covers reach the model as that summary, not verbatim.
        var summary = await rollingSummaries.LatestAsync(conversation, CancellationToken.None);
        Utils.TurnTimeline.Mark("loader.summary");
        var history = await HistoryAsync(turn, conversation, summary?.ThroughSequence ?? 0, shape?.HistoryMessages ?? HistoryTurns * 2);
        Utils.TurnTimeline.Mark("loader.history");
        var agent = await agents.FindAsync(conversation.Agent, CancellationToken.None);
        return new LoadedTurn(conversation, catalog, tenantSettings, agent, shopper, assistant, summary, history, profile);
    }

    /// <summary>
    /// The tenant's row (<see cref="CatalogIndex.GetForTurnAsync"/>) and the shopper's profile
    /// (<see cref="ProfileFactStore.LoadAsync"/>) in one query. The lists are joined on the tenant, which both already
    /// belong to: an uncorrelated list would need APPLY, which SQLite lacks.
    /// </summary>
    /// <remarks>
    /// When the request's session lookup already read the tenant row and the shopper is an anonymous session without a
    /// proven email (the usual widget visitor), only the session's own facts are read, by index, unless that lookup
    /// brought them too (a chat turn's lookup does).
    /// </remarks>
    private async Task<(TenantTurnRow Tenant, LearnedProfile? Profile)> TenantAndProfileAsync(PreparedTurn turn, FactOwner owner)
    {
        if (turn.Tenant is { } tenant && owner.UserId is null && !turn.SessionHasEmail)
        {
            if (turn.SessionFacts is { } sessionFacts && owner.SessionId == turn.SessionId)
            {
                return (tenant, profileFacts.Loaded(owner, [.. sessionFacts], null));
            }
            var facts = new List<ProfileFact>();
            await foreach (var fact in OwnFactsQuery.For(db)(db, owner.SessionId))
            {
                facts.Add(fact);
            }
            return (tenant, profileFacts.Loaded(owner, facts, null));
        }
        var read = owner.UserId is { } userId
            ? await OfAccountQuery.For(db)(db, db.CurrentTenantId, userId)
            : await OfSessionQuery.For(db)(db, db.CurrentTenantId, owner.SessionId);
        return (read.Tenant, profileFacts.Loaded(owner, read.Facts, read.Forms?.FirstOrDefault()));
    }

    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, IAsyncEnumerable<ProfileFact>>> OwnFactsQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, Guid sessionId) => db.ProfileFacts.AsNoTracking().Where(f => f.SessionId == sessionId && f.UserId == null)));

    private sealed record TenantAndProfile(TenantTurnRow Tenant, List<ProfileFact> Facts, List<UserProfile>? Forms);

    // Compiled, as the tenant-row query they replace was: every turn runs one. The facts are ProfileFactStore.OfShopper's.
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, Guid, Task<TenantAndProfile>>> OfAccountQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, Guid tenantId, Guid userId) => db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => new TenantAndProfile(
                new TenantTurnRow(t.CatalogVersion, t.Settings, t.PersonasVersion),
                db.ProfileFacts.AsNoTracking().Where(f => f.TenantId == t.Id && f.UserId == userId).ToList(),
                db.UserProfiles.AsNoTracking().Where(p => p.TenantId == t.Id && p.UserId == userId).ToList()))
            .First()));

    // An anonymous shopper's facts include those of every session proven to belong to the same email. The sessions are
    // found first (the session itself, then its email's, each an index lookup) and their facts by session: as one OR
    // (ProfileFactStore.OfShopper), SQLite walked every anonymous fact of the tenant and checked each one's session.
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, Guid, Guid, Task<TenantAndProfile>>> OfSessionQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, Guid tenantId, Guid sessionId) => db.Tenants.AsNoTracking().Where(t => t.Id == tenantId)
            .Select(t => new TenantAndProfile(
                new TenantTurnRow(t.CatalogVersion, t.Settings, t.PersonasVersion),
                db.ProfileFacts.AsNoTracking().Where(f => f.TenantId == t.Id && f.UserId == null && db.Sessions
                    .Where(s => s.Id == sessionId).Select(s => (Guid?)s.Id)
                    .Concat(db.Sessions
                        .Where(s => s.Email != null && s.Email == db.Sessions.Where(own => own.Id == sessionId).Select(own => own.Email).FirstOrDefault())
                        .Select(s => (Guid?)s.Id))
                    .Contains(f.SessionId)).ToList(),
                null))
            .First()));

    /// <summary>
    /// Tracked when the turn was staged in this scope (the non-streaming API); the staging request's copy, attached
    /// here, when it was staged in another (a background stream); read only when neither is at hand.
    /// </summary>
    private async Task<Conversation> ConversationAsync(PreparedTurn turn)
    {
        if (db.Conversations.Local.FindEntry(turn.ConversationId) is { } tracked)
        {
            return tracked.Entity;
        }
        if (turn.Conversation is { } staged)
        {
            db.Conversations.Attach(staged);
            return staged;
        }
        return await db.Conversations.FindAsync([turn.ConversationId], CancellationToken.None)
               ?? throw new NotFoundException("Conversation", turn.ConversationId);
    }

    /// <summary>
    /// The newest <paramref name="window"/> messages after the summary, oldest first, without their metadata. When the conversation has at
    /// most twice that many, all of them are read, so the rolling summary's budget check after the answer needs no
    /// query of its own (<see cref="RollingSummaries.KnowUnsummarized"/>).
    /// </summary>
    private async Task<IReadOnlyList<Message>> HistoryAsync(PreparedTurn turn, Conversation conversation, int summarizedThrough, int window)
    {
        var readAll = conversation.MessageCount - summarizedThrough <= window * 2;
        var take = readAll ? window * 2 + 1 : window;
        var rows = new List<Message>(take);
        if (turn.NewestMessages is { } newest && take <= SessionManager.MessagesReadWithConversation)
        {
            // Read with the session, before the turn was staged. Messages are numbered in order, so when some of the newest
            // are summarised, all older ones are too: the newest `take` after the summary are among them.
            rows.AddRange(newest.Where(m => m.Id != turn.UserMessageId && m.Sequence > summarizedThrough).Take(take));
        }
        else
        {
            await foreach (var message in HistoryQuery.For(db)(db, conversation.Id, turn.UserMessageId, summarizedThrough, take))
            {
                rows.Add(message);
            }
            // What the session lookup compares with the next time: every message before the question, or its newest 41.
            var readEverything = summarizedThrough == 0 && rows.Count < take;
            if ((readEverything || rows.Count >= SessionManager.MessagesReadWithConversation) && rows.All(m => m.Sequence < turn.UserMessageSequence))
            {
                recent.Remember(conversation, turn.UserMessageSequence - 1, rows);
            }
        }
        rows.Reverse();
        if (readAll && rows.Count < take)
        {
            rollingSummaries.KnowUnsummarized(conversation.Id, summarizedThrough,
                [.. rows.Select(m => new PendingMessage(m.Sequence, m.Content)), new PendingMessage(turn.UserMessageSequence, turn.Message)]);
        }
        return rows.Count > window ? rows[^window..] : rows;
    }
}
