using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Email;
using SalesMate.Services.Otp;
using SalesMate.Services.Users;
using SalesMate.Utils;

namespace SalesMate.Services.Auth;

/// <summary>
/// Sign-up that does not reveal whether an address has an account: every accepted request gets the same answer and
/// costs the same (one password hash, one email). A new address (or an invited row without a password, which keeps its
/// role) gets an unverified account and a verify_email code; an existing account gets a notice instead. The account
/// works once <see cref="VerifyAsync"/> accepts the code.
/// </summary>
public sealed class SignupService(
    SalesMateDbContext db,
    PasswordHasher hasher,
    PasswordPolicy policy,
    OtpService otp,
    EmailSender emails,
    AuthSessionService sessions,
    AnonymousSessionMerger merger,
    IOptions<AppOptions> app,
    IOptions<OtpOptions> otpOptions,
    TimeProvider clock)
{
    public const string AcceptedMessage =
        "Check your email to finish signing up: we sent a 6-digit code to enter at POST /api/v1/auth/signup/verify. " +
        "If this address already has an account, the email says so instead.";

    public async Task SignupAsync(string? email, string? password, string? displayName, string? ip, CancellationToken cancellationToken)
    {
        var address = ValidAddress(email);
        policy.Check(password, "password", address);
        var name = displayName?.Trim();
        if (name is { Length: 0 or > ProfileInput.MaxDisplayName })
        {
            throw new RequestValidationException("display_name", $"display_name must be 1 to {ProfileInput.MaxDisplayName} characters.");
        }
        var hash = hasher.Hash(password!); // in every branch, so they take the same time
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == address, cancellationToken);
        if (user is { PasswordHash: not null, EmailVerifiedAt: not null })
        {
            await SendNoticeAsync(address, cancellationToken);
            return;
        }
        if (user is null)
        {
            user = new User { Id = Guid.CreateVersion7(), Email = address, Role = Roles.User, CreatedAt = clock.GetUtcNow().UtcDateTime };
            db.Users.Add(user);
        }
        // Unverified (or invited) rows prove nothing about who owns the address, so the latest sign-up's password wins;
        // only the mailbox owner can verify it.
        user.PasswordHash = hash;
        user.DisplayName = name ?? user.DisplayName;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same address signed up at the same moment: that request sends the code.
            db.Entry(user).State = EntityState.Detached;
            return;
        }
        await otp.RequestAsync(address, OtpPurposes.VerifyEmail, null, ip, cancellationToken);
    }

    /// <summary>Accepts the emailed code, marks the address verified and signs in (merging the caller's chat session).</summary>
    public async Task<SignedIn> VerifyAsync(string? email, string? code, ClientInfo client, CancellationToken cancellationToken)
    {
        var address = EmailAddresses.Normalize(email);
        if (!EmailAddresses.IsValid(address))
        {
            throw new InvalidCodeException();
        }
        await otp.VerifyAsync(address, code?.Trim() ?? "", OtpPurposes.VerifyEmail, null, cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == address && u.IsActive && u.PasswordHash != null, cancellationToken)
                   ?? throw new InvalidCodeException();
        user.EmailVerifiedAt ??= clock.GetUtcNow().UtcDateTime;
        await merger.AttachAsync(client.ChatSession, user, cancellationToken);
        return await sessions.StartAsync(user, client.Ip, client.UserAgent, cancellationToken);
    }

    private static string ValidAddress(string? email)
    {
        var address = EmailAddresses.Normalize(email);
        return address.Length == 0 ? throw new RequestValidationException("email", "email is required.")
            : EmailAddresses.IsValid(address) ? address
            : throw new RequestValidationException("email", "email must be a valid email address.");
    }

    /// <summary>Held to the same per-address limit as codes, so a 429 does not tell new addresses from existing ones.</summary>
    private async Task SendNoticeAsync(string address, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        var recent = await db.EmailEvents.Where(e => e.ToEmail == address && e.Kind == AccountNoticeEmail.Kind && e.CreatedAt > since)
            .OrderBy(e => e.CreatedAt).Select(e => e.CreatedAt).ToListAsync(cancellationToken);
        var limit = otpOptions.Value.MaxSendsPerEmailPerHour;
        if (recent.Count >= limit)
        {
            var retryAfter = recent[recent.Count - limit].AddHours(1) - clock.GetUtcNow().UtcDateTime;
            throw new TooManyRequestsException("Too many codes were requested for this address or from this network. Wait before asking again.",
                retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
        }
        var sent = await emails.SendAsync(AccountNoticeEmail.Compose(app.Value.Name, address), cancellationToken);
        if (sent.Status != EmailStatuses.Sent)
        {
            throw new EmailUnavailableException("The email with your code could not be sent. Try again in a few minutes.");
        }
    }
}
