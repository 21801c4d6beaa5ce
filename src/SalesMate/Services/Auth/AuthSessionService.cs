using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Auth;

/// <summary>What a successful sign-in, verification or refresh hands back to the client.</summary>
public sealed record SignedIn(User User, AuthSession Session, string AccessToken, DateTime AccessTokenExpiresAt, string RefreshToken);

public static class SessionEndReasons
{
    public const string Logout = "logout";
    public const string PasswordChange = "password_change";
    public const string Deactivated = "deactivated";
    public const string RefreshReuse = "refresh_reuse";
    public const string Admin = "admin";
}

/// <summary>
/// Account sessions: one <see cref="AuthSession"/> per sign-in with an absolute end (auth.refresh_token_days), whose
/// refresh tokens (32 random bytes, stored as SHA-256) are each accepted once. Presenting a used one again means a copy
/// leaked, so the whole session ends - with it every access token that carries its id.
/// </summary>
public sealed class AuthSessionService(SalesMateDbContext db, AccessTokens accessTokens, IOptions<AuthOptions> options, TimeProvider clock)
{
    private const string InvalidRefresh = "The refresh token is invalid, expired or already used; sign in again.";
    private const int MaxUserAgentLength = 300;

    /// <summary>Opens a session for <paramref name="user"/> and issues its first tokens (saves).</summary>
    public async Task<SignedIn> StartAsync(User user, string? ip, string? userAgent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new AuthSession
        {
            Id = Guid.CreateVersion7(),
            UserId = user.Id,
            CreatedAt = now,
            ExpiresAt = WholeSeconds(now.AddDays(options.Value.RefreshTokenDays)), // as stored by every provider, so answers match reads
            IpAddress = ip,
            UserAgent = userAgent is { Length: > MaxUserAgentLength } ? userAgent[..MaxUserAgentLength] : userAgent,
        };
        db.AuthSessions.Add(session);
        user.LastActiveAt = now;
        var refresh = NewRefreshToken(session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        var (access, expires) = accessTokens.Issue(user, session.Id);
        return new SignedIn(user, session, access, expires, refresh);
    }

    /// <summary>Exchanges a refresh token for a new pair; a reused token ends its session and is refused.</summary>
    public async Task<SignedIn> RotateAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 200)
        {
            throw new UnauthorizedException(InvalidRefresh);
        }
        var hash = Hash(refreshToken);
        var stored = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, cancellationToken)
                     ?? throw new UnauthorizedException(InvalidRefresh);
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.AuthSessions.FirstOrDefaultAsync(s => s.Id == stored.SessionId, cancellationToken);
        if (session is null || session.RevokedAt is not null || session.ExpiresAt <= now)
        {
            throw new UnauthorizedException(InvalidRefresh);
        }
        // Marking the token used is one conditional UPDATE, so of two concurrent exchanges exactly one wins and the
        // other counts as reuse.
        var claimed = await db.RefreshTokens.Where(t => t.Id == stored.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            await EndAsync(session.Id, SessionEndReasons.RefreshReuse, cancellationToken);
            throw new UnauthorizedException("This refresh token was already used, so its session has been ended for safety; sign in again.");
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == session.UserId && u.IsActive, cancellationToken)
                   ?? throw new UnauthorizedException(InvalidRefresh);
        user.LastActiveAt = now;
        var refresh = NewRefreshToken(session.Id, now);
        await db.SaveChangesAsync(cancellationToken);
        var (access, expires) = accessTokens.Issue(user, session.Id);
        return new SignedIn(user, session, access, expires, refresh);
    }

    /// <summary>The session a refresh token belongs to (used or not), for logging out without an access token.</summary>
    public async Task<Guid?> SessionOfAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(refreshToken) || refreshToken.Length > 200)
        {
            return null;
        }
        var hash = Hash(refreshToken);
        return await db.RefreshTokens.Where(t => t.TokenHash == hash).Select(t => (Guid?)t.SessionId).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Ends one session (idempotent: an ended session keeps its first reason).</summary>
    public Task<int> EndAsync(Guid sessionId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.AuthSessions.Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), cancellationToken);
    }

    /// <summary>Ends every open session of the user; returns how many were open.</summary>
    public Task<int> EndAllAsync(Guid userId, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.AuthSessions.Where(s => s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now).SetProperty(s => s.RevokedReason, reason), cancellationToken);
    }

    private string NewRefreshToken(Guid sessionId, DateTime now)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken { Id = Guid.CreateVersion7(), SessionId = sessionId, TokenHash = Hash(token), CreatedAt = now });
        return token;
    }

    private static DateTime WholeSeconds(DateTime value) => new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
