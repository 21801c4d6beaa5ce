using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Users;
using SalesMate.Utils;

namespace SalesMate.Services.Auth;

/// <summary>Where a sign-in comes from: recorded on the session, and the anonymous chat session to merge into the account.</summary>
public sealed record ClientInfo(string? Ip, string? UserAgent, VisitorSession? ChatSession);

/// <summary>
/// Accounts: sign-up with email verification, sign-in, token refresh, logout, password change and ending sessions.
/// Every failure of a sign-in looks the same to the caller, whether or not the email has an account.
/// </summary>
public sealed class AuthService(
    SalesMateDbContext db,
    PasswordHasher hasher,
    PasswordPolicy policy,
    AuthSessionService sessions,
    AnonymousSessionMerger merger,
    TimeProvider clock)
{
    public const string InvalidCredentials = "The email or password is incorrect, or the account is not verified or not active.";

    public async Task<SignedIn> LoginAsync(string? email, string? password, ClientInfo client, CancellationToken cancellationToken)
    {
        RequireFields(("email", email), ("password", password));
        var normalized = EmailAddresses.Normalize(email);
        var user = EmailAddresses.IsValid(normalized) ? await db.Users.FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken) : null;
        if (password!.EnumerateRunes().Count() > PasswordPolicy.MaximumLength)
        {
            throw new UnauthorizedException(InvalidCredentials); // no account can have it; not worth hashing
        }
        var check = user is null ? Burn(password) : hasher.Verify(user.PasswordHash, password);
        if (user is null || check == PasswordCheck.Failed || !user.IsActive || user.EmailVerifiedAt is null)
        {
            throw new UnauthorizedException(InvalidCredentials);
        }
        if (check == PasswordCheck.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.Hash(password);
        }
        await merger.AttachAsync(client.ChatSession, user, cancellationToken);
        return await sessions.StartAsync(user, client.Ip, client.UserAgent, cancellationToken);
    }

    public Task<SignedIn> RefreshAsync(string? refreshToken, CancellationToken cancellationToken) =>
        sessions.RotateAsync(refreshToken, cancellationToken);

    /// <summary>Ends the session of the access token, or else of the refresh token given; either is enough.</summary>
    public async Task LogoutAsync(ClaimsPrincipal caller, string? refreshToken, CancellationToken cancellationToken)
    {
        var sessionId = caller.IsSignedIn() ? caller.SessionIdOrNull() : await sessions.SessionOfAsync(refreshToken, cancellationToken);
        if (sessionId is not { } id)
        {
            throw new UnauthorizedException("Send the access token (Authorization: Bearer) or the refresh token of the session to end.");
        }
        await sessions.EndAsync(id, SessionEndReasons.Logout, cancellationToken);
    }

    /// <summary>
    /// Checks the current password, stores the new one and ends every session of the user (a thief's included); the
    /// caller continues in a fresh session whose tokens are returned.
    /// </summary>
    public async Task<SignedIn> ChangePasswordAsync(Guid userId, string? currentPassword, string? newPassword, ClientInfo client,
        CancellationToken cancellationToken)
    {
        RequireFields(("current_password", currentPassword), ("new_password", newPassword));
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, cancellationToken)
                   ?? throw new UnauthorizedException("The account of this token no longer exists or is not active.");
        if (currentPassword!.EnumerateRunes().Count() > PasswordPolicy.MaximumLength
            || hasher.Verify(user.PasswordHash, currentPassword) == PasswordCheck.Failed)
        {
            throw new RequestValidationException("current_password", "The current password is not correct.");
        }
        policy.Check(newPassword, "new_password", user.Email);
        if (newPassword == currentPassword)
        {
            throw new RequestValidationException("new_password", "The new password must differ from the current one.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        user.PasswordHash = hasher.Hash(newPassword!);
        user.PasswordChangedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndAllAsync(user.Id, SessionEndReasons.PasswordChange, cancellationToken);
        return await sessions.StartAsync(user, client.Ip, client.UserAgent, cancellationToken);
    }

    /// <summary>
    /// Ends every open session of the user at once: their refresh tokens stop working and so do their access tokens (the
    /// bearer check looks the session up on every request). For admin actions: deactivation, role change, forced logout.
    /// </summary>
    public Task<int> EndAllSessionsAsync(Guid userId, string reason, CancellationToken cancellationToken) =>
        sessions.EndAllAsync(userId, reason, cancellationToken);

    /// <summary>Deactivates the account and ends its sessions; it can no longer sign in or refresh.</summary>
    public async Task DeactivateAsync(Guid userId, CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false), cancellationToken);
        await EndAllSessionsAsync(userId, SessionEndReasons.Deactivated, cancellationToken);
    }

    public async Task<(User User, AuthSession Session)> CurrentAsync(ClaimsPrincipal caller, CancellationToken cancellationToken)
    {
        var userId = caller.RequiredUserId();
        var sessionId = caller.SessionIdOrNull();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        var session = await db.AuthSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        return user is null || session is null
            ? throw new UnauthorizedException("The session of this token has ended; sign in again.")
            : (user, session);
    }

    private PasswordCheck Burn(string password)
    {
        hasher.BurnTime(password);
        return PasswordCheck.Failed;
    }

    internal static void RequireFields(params (string Field, string? Value)[] fields)
    {
        var missing = fields.Where(f => string.IsNullOrEmpty(f.Value)).ToDictionary(f => f.Field, f => new[] { $"{f.Field} is required." });
        if (missing.Count > 0)
        {
            throw new RequestValidationException(missing);
        }
    }
}
