using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Vector;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Anonymous chat sessions (seed 003). The client holds a random token (header <c>X-Session-Token</c> or the
/// <c>salesmate_session</c> cookie); only its SHA-256 is stored. Owning the token is what gives access to its conversations.
/// A session unused for <c>chat.session_ttl_days</c> is expired: its token is treated as unknown, and
/// <see cref="SessionJanitor"/> deletes it unless it was linked to an email or an account.
/// </summary>
public sealed class SessionManager(SalesMateDbContext db, RecentMessages recent, TimeProvider clock, IOptions<ChatOptions> options)
{
    public const string HeaderName = "X-Session-Token";
    public const string CookieName = "salesmate_session";
    private static readonly TimeSpan ActivityGranularity = TimeSpan.FromMinutes(1);

    // Compiled: every request with a session runs one of them, and building the LINQ expression and looking it up in
    // EF's query cache cost more CPU than SQLite takes to run it. Tracked, like the uncompiled queries they replace.
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, string, Task<VisitorSession?>>> SessionQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, string hash) => db.Sessions.FirstOrDefault(s => s.TokenHash == hash)));

    private static readonly CompiledPerProvider<Func<SalesMateDbContext, string, Guid, string, Task<SessionWithConversation?>>> SessionWithConversationQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, string hash, Guid conversationId, string agent) => (
                from s in db.Sessions
                where s.TokenHash == hash
                join c in db.Conversations.Where(c => c.Id == conversationId && c.Agent == agent) on s.Id equals c.SessionId into own
                from c in own.DefaultIfEmpty()
                join t in db.Tenants on s.TenantId equals t.Id
                select new SessionWithConversation(s, c, new TenantTurnRow(t.CatalogVersion, t.Settings, t.PersonasVersion)))
            .FirstOrDefault()));

    private sealed record SessionWithConversation(VisitorSession Session, Conversation? Conversation, TenantTurnRow Tenant);

    /// <summary>How many of the conversation's newest messages <see cref="RequireWithConversationAsync"/> reads when asked for history.</summary>
    public const int MessagesReadWithConversation = 41;

    // PostgreSQL: the conversation's newest messages in the same round trip, without their metadata, as TurnLoader's history
    // query reads them, folded into one JSON column by a function (migration 0026) so the lookup stays one row. As a
    // LATERAL join every message row repeated the session, conversation and tenant columns: 0.8 ms of a 1 ms lookup at 31
    // messages (ADR 0016a). SQLite reads the messages with a query of its own: it has no round trip to save (ADR 0015a).
    // When this instance already knows the newest messages for the conversation's current count (RecentMessages, ADR
    // 0017a), PostgreSQL skips them. The session's own facts (the whole profile of an anonymous visitor without an email)
    // are a column of its row on both databases (ADR 0019a, 0022a). The session's anonymous lead (one row at most) comes
    // too, for the turn to score without a read of its own (ADR 0018a).
    private static readonly CompiledPerProvider<Func<SalesMateDbContext, string, Guid, string, int, Task<SessionWithHistory?>>> SessionWithHistoryQuery = new(() =>
        EF.CompileAsyncQuery((SalesMateDbContext db, string hash, Guid conversationId, string agent, int knownCount) => (
                from s in db.Sessions
                where s.TokenHash == hash
                join c in db.Conversations.Where(c => c.Id == conversationId && c.Agent == agent) on s.Id equals c.SessionId into own
                from c in own.DefaultIfEmpty()
                join t in db.Tenants on s.TenantId equals t.Id
                // A join, not FirstOrDefault (which EF writes as a ROW_NUMBER over every anonymous lead of the tenant): a
                // session has at most one anonymous lead (unique index), so the lookup stays one row.
                join l in db.Leads.Where(l => l.UserId == null) on (Guid?)s.Id equals l.SessionId into anonymous
                from l in anonymous.DefaultIfEmpty()
                select new SessionWithHistory(s, c, new TenantTurnRow(t.CatalogVersion, t.Settings, t.PersonasVersion),
                    c!.MessageCount == knownCount ? null : SalesMateDbContext.NewestMessagesJson(c.Id, c.TenantId, MessagesReadWithConversation), l))
            .FirstOrDefault()));

    private sealed record SessionWithHistory(VisitorSession Session, Conversation? Conversation, TenantTurnRow Tenant, string? NewestJson, Lead? Lead);

    private (Guid ConversationId, IReadOnlyList<Message> Newest)? _history;

    private TenantTurnRow? _tenant;

    private (Guid SessionId, IReadOnlyList<ProfileFact> Facts)? _facts;

    private (Guid SessionId, SessionLead Lead)? _lead;

    // One lookup per request: this service is scoped, so later calls of the same request reuse the first answer.
    private (string Token, VisitorSession? Session)? _found;

    public static string? TokenFrom(HttpContext http) =>
        http.Request.Headers[HeaderName].FirstOrDefault() is { Length: > 0 } header ? header
        : http.Request.Cookies[CookieName] is { Length: > 0 } cookie ? cookie
        : null;

    public async Task<VisitorSession?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (!IsPlausible(token))
        {
            return null;
        }
        if (_found is { } found && found.Token == token)
        {
            return found.Session;
        }
        var hash = Hash(token);
        var session = await SessionQuery.For(db)(db, hash);
        return await AdmitAsync(token, session, cancellationToken);
    }

    /// <summary>
    /// The caller's session and, in the same query, the conversation <paramref name="conversationId"/> when that session
    /// started it with <paramref name="agent"/> (the common case of a chat turn). Null conversation: not the session's own,
    /// so the caller applies the full ownership rule (<see cref="Repositories.ConversationRepository.VisibleTo(VisitorSession)"/>).
    /// Both are tracked, as separate lookups would leave them. Throws like <see cref="RequireAsync"/> without a live session.
    /// </summary>
    /// <param name="withHistory">Also read the conversation's newest messages (PostgreSQL; see <see cref="NewestMessagesRead"/>).</param>
    public async Task<(VisitorSession Session, Conversation? OwnConversation)> RequireWithConversationAsync(HttpContext http, Guid conversationId,
        string agent, CancellationToken cancellationToken, bool withHistory = false)
    {
        var token = TokenFrom(http);
        if (!IsPlausible(token))
        {
            throw new Core.SessionRequiredException();
        }
        if (_found is { } found && found.Token == token)
        {
            return (found.Session ?? throw new Core.SessionRequiredException(), null);
        }
        var hash = Hash(token);
        // Taken once: the entry may move on while the query runs, and the query skipped the messages for this one's count.
        var known = withHistory ? recent.Find(conversationId) : null;
        if (withHistory && db.IsPostgres)
        {
            var read = await SessionWithHistoryQuery.For(db)(db, hash, conversationId, agent, known?.Through ?? -1);
            Utils.TurnTimeline.Mark("session.queried");
            var admitted = await AdmitAsync(token, read?.Session, cancellationToken) ?? throw new Core.SessionRequiredException();
            _tenant = read!.Tenant;
            _facts = (admitted.Id, SessionLookupColumns.Facts(FactsColumn(admitted), admitted));
            if (read.Lead is { } lead)
            {
                // Handed to the turn, which attaches it where the lead is scored (maybe another scope's context).
                db.Entry(lead).State = EntityState.Detached;
            }
            _lead = (admitted.Id, new SessionLead(read.Lead));
            if (read.Conversation is { } conversation)
            {
                if (known is not null && known.Through == conversation.MessageCount)
                {
                    _history = (conversation.Id, known.Copy());
                    Utils.TurnTimeline.Mark("session.recent_messages");
                }
                else
                {
                    var newest = SessionLookupColumns.Messages(read.NewestJson, conversation);
                    recent.Remember(conversation, conversation.MessageCount, newest);
                    _history = (conversation.Id, newest);
                }
            }
            return (admitted, read.Conversation);
        }
        var row = await SessionWithConversationQuery.For(db)(db, hash, conversationId, agent);
        Utils.TurnTimeline.Mark("session.queried");
        var session = await AdmitAsync(token, row?.Session, cancellationToken) ?? throw new Core.SessionRequiredException();
        _tenant = row!.Tenant;
        if (withHistory)
        {
            _facts = (session.Id, SessionLookupColumns.Facts(FactsColumn(session), session));
        }
        if (row.Conversation is { } own && known is not null && known.Through == own.MessageCount)
        {
            _history = (own.Id, known.Copy());
            Utils.TurnTimeline.Mark("session.recent_messages");
        }
        return (session, row.Conversation);
    }

    /// <summary>
    /// The newest messages (at most <see cref="MessagesReadWithConversation"/>, newest first, without metadata) of the
    /// session's own conversation <paramref name="conversationId"/>, as read by this request's session lookup before the
    /// turn staged anything, or known for the count it read (<see cref="RecentMessages"/>); null when neither.
    /// </summary>
    public IReadOnlyList<Message>? NewestMessagesRead(Guid conversationId) =>
        _history is { } read && read.ConversationId == conversationId ? read.Newest : null;

    /// <summary>
    /// The anonymous profile facts of session <paramref name="sessionId"/> (those with no account) as this request's
    /// session lookup read them, untracked; null when they were not read with it (no history asked for).
    /// </summary>
    public IReadOnlyList<ProfileFact>? SessionFactsRead(Guid sessionId) =>
        _facts is { } read && read.SessionId == sessionId ? read.Facts : null;

    /// <summary>
    /// The anonymous lead of session <paramref name="sessionId"/> (the one with no account) as this request's session
    /// lookup read it, detached; null when it was not read with it (SQLite, or no history asked for).
    /// </summary>
    public SessionLead? SessionLeadRead(Guid sessionId) =>
        _lead is { } read && read.SessionId == sessionId ? read.Lead : null;

    /// <summary>
    /// The tenant's row as this request's session lookup (<see cref="RequireWithConversationAsync"/>) read it, so a turn
    /// staged in the same request needs no query of its own for it; null when no such lookup ran.
    /// </summary>
    public TenantTurnRow? TenantRowRead => _tenant;

    /// <summary>The found session unless expired; touched at most once a minute. Remembered for the rest of the request.</summary>
    private async Task<VisitorSession?> AdmitAsync(string token, VisitorSession? session, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (session is not null && now - session.LastActivityAt > Ttl)
        {
            session = null;
        }
        if (session is not null && now - session.LastActivityAt > ActivityGranularity)
        {
            // Written at once (at most once a minute), so read-only requests keep the session alive too.
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActivityAt, now), cancellationToken);
            var lastActivity = db.Entry(session).Property(x => x.LastActivityAt);
            lastActivity.CurrentValue = now;
            lastActivity.OriginalValue = now;
        }
        _found = (token, session);
        return session;
    }

    // The session's own facts are a column of its row (migrations 0029 and 0031), so they came with it.
    private string? FactsColumn(VisitorSession session) =>
        db.Entry(session).Property<string?>(SalesMateDbContext.SessionFactsJsonProperty).CurrentValue;

    private static bool IsPlausible([NotNullWhen(true)] string? token) => !string.IsNullOrEmpty(token) && token.Length <= 200;

    public TimeSpan Ttl => TimeSpan.FromDays(options.Value.SessionTtlDays);

    /// <summary>
    /// The browser's copy of the token: HttpOnly (no script can read it), SameSite=Lax, Secure over HTTPS and always in
    /// production (where TLS usually ends at a proxy), and kept as long as the session lives without activity.
    /// </summary>
    public void WriteCookie(HttpContext http, string token) =>
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps || http.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction(),
            SameSite = SameSiteMode.Lax,
            // Sessions belong to one tenant: with /t/{slug} each tenant keeps its own cookie.
            Path = http.Features.Get<Api.Middleware.TenantRouteHints>()?.TenantPathBase.Value is { Length: > 0 } tenantPath ? tenantPath : "/",
            MaxAge = Ttl,
        });

    /// <summary>The caller's session, or a 401 problem naming how to get one.</summary>
    public async Task<VisitorSession> RequireAsync(HttpContext http, CancellationToken cancellationToken) =>
        await FindAsync(TokenFrom(http), cancellationToken) ?? throw new Core.SessionRequiredException();

    /// <summary>A new anonymous session and the token to give the client (shown once).</summary>
    public (VisitorSession Session, string Token) Create()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new VisitorSession
        {
            Id = Guid.CreateVersion7(),
            TokenHash = Hash(token),
            CreatedAt = now,
            LastActivityAt = now,
        };
        db.Sessions.Add(session);
        return (session, token);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
