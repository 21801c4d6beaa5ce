using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Email;
using SalesMate.Utils;

namespace SalesMate.Services.Otp;

/// <summary>
/// Email one-time codes (seed 003 <c>otp_links</c>): six random digits, stored as a keyed hash, valid <c>otp.ttl_minutes</c>,
/// single use, bound to a purpose and (except verify_email) to the chat session that asked, dead after
/// <c>otp.max_attempts</c> wrong tries or a resend. Send limits per email and per IP are counted in the database so every
/// instance agrees. Codes never reach logs or stored email bodies.
/// </summary>
public sealed class OtpService(SalesMateDbContext db, OtpCodeHasher hasher, EmailSender emails, TimeProvider clock,
    IOptions<OtpOptions> options, IOptions<AppOptions> app, ILogger<OtpService> logger)
{
    private static readonly TimeSpan SendWindow = TimeSpan.FromHours(1);
    private OtpOptions Options => options.Value;

    /// <summary>Creates a code, replaces any earlier one for this email and purpose, and emails it.</summary>
    /// <exception cref="RequestValidationException">Malformed email, unknown purpose, or no session for a session-bound purpose.</exception>
    /// <exception cref="TooManyRequestsException">A send limit is reached (429 with Retry-After).</exception>
    /// <exception cref="EmailUnavailableException">The email provider refused the message (the code is void).</exception>
    public async Task RequestAsync(string email, string purpose, Guid? sessionId, string? ipAddress, CancellationToken ct)
    {
        email = EmailAddresses.Normalize(email);
        if (!EmailAddresses.IsValid(email))
        {
            throw new RequestValidationException("email", "email must be a valid email address.");
        }
        if (!OtpPurposes.All.Contains(purpose))
        {
            throw new RequestValidationException("purpose", $"purpose must be one of {string.Join(", ", OtpPurposes.All)}.");
        }
        if (sessionId is null && OtpPurposes.NeedsSession(purpose))
        {
            throw new SessionRequiredException();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var code = OtpCodeHasher.NewCode();
        var link = new OtpLink
        {
            Id = Guid.CreateVersion7(),
            Email = email,
            Purpose = purpose,
            SessionId = sessionId,
            RequestedIp = ipAddress is { Length: > 0 and <= 64 } ? ipAddress : null,
            OtpHash = "",
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(Options.TtlMinutes),
        };
        link.OtpHash = hasher.Hash(link, code);
        db.OtpLinks.Add(link);
        await db.SaveChangesAsync(ct);

        // Counted after the insert, so two instances racing past the limit both see each other's row.
        if (await SendLimitDelayAsync(link, now, ct) is { } retryAfter)
        {
            await db.OtpLinks.Where(o => o.Id == link.Id).ExecuteDeleteAsync(CancellationToken.None);
            db.Entry(link).State = EntityState.Detached;
            throw new TooManyRequestsException("Too many codes were requested for this address or from this network. Wait before asking again.", retryAfter);
        }
        await db.OtpLinks
            .Where(o => o.Id != link.Id && o.Email == email && o.Purpose == purpose && o.ConsumedAt == null && o.InvalidatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.InvalidatedAt, now), ct);

        var sent = await emails.SendAsync(OtpEmail.Compose(app.Value.Name, email, purpose, code, Options.TtlMinutes, sessionId), ct);
        if (sent.Status != EmailStatuses.Sent)
        {
            link.InvalidatedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
            throw new EmailUnavailableException("The email with your code could not be sent. Try again in a few minutes.");
        }
        logger.LogInformation("One-time code {OtpLinkId} for {Purpose} sent (email event {EmailEventId})", link.Id, purpose, sent.Id);
    }

    /// <summary>
    /// Accepts and consumes the code, or throws <see cref="InvalidCodeException"/> whatever the reason. Call it outside
    /// any open transaction: a wrong try must be counted even when the caller's work is rolled back.
    /// </summary>
    public async Task VerifyAsync(string email, string code, string purpose, Guid? sessionId, CancellationToken ct)
    {
        email = EmailAddresses.Normalize(email);
        var now = clock.GetUtcNow().UtcDateTime;
        var link = OtpCodeHasher.IsWellFormed(code) && OtpPurposes.All.Contains(purpose) && (sessionId is not null || !OtpPurposes.NeedsSession(purpose))
            ? await db.OtpLinks.AsNoTracking()
                .Where(o => o.Email == email && o.Purpose == purpose && o.SessionId == sessionId
                            && o.ConsumedAt == null && o.InvalidatedAt == null && o.ExpiresAt > now)
                .OrderByDescending(o => o.CreatedAt)
                .FirstOrDefaultAsync(ct)
            : null;
        if (link is null)
        {
            _ = hasher.Hash(new OtpLink { Email = email, Purpose = purpose, OtpHash = "" }, code ?? ""); // similar timing either way
            throw Rejected("no live code", null);
        }

        // Take the attempt before comparing, so parallel guesses can never exceed max_attempts.
        var max = Options.MaxAttempts;
        var reserved = await db.OtpLinks
            .Where(o => o.Id == link.Id && o.FailedAttempts < max && o.ConsumedAt == null && o.InvalidatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.FailedAttempts, o => o.FailedAttempts + 1), ct);
        if (reserved == 0)
        {
            throw Rejected("locked out or already used", link.Id);
        }
        if (!hasher.Matches(link, code))
        {
            await db.OtpLinks
                .Where(o => o.Id == link.Id && o.FailedAttempts >= max && o.InvalidatedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.InvalidatedAt, now), CancellationToken.None);
            throw Rejected("wrong code", link.Id);
        }
        var consumed = await db.OtpLinks
            .Where(o => o.Id == link.Id && o.ConsumedAt == null && o.InvalidatedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.ConsumedAt, now)
                .SetProperty(o => o.FailedAttempts, o => o.FailedAttempts - 1), CancellationToken.None);
        if (consumed == 0)
        {
            throw Rejected("used concurrently", link.Id);
        }
        logger.LogInformation("One-time code {OtpLinkId} for {Purpose} accepted", link.Id, purpose);
    }

    private InvalidCodeException Rejected(string reason, Guid? linkId)
    {
        logger.LogInformation("One-time code rejected ({Reason}, link {OtpLinkId})", reason, linkId);
        return new InvalidCodeException();
    }

    /// <summary>How long until this request would fit under both send limits, or null when it already does.</summary>
    private async Task<TimeSpan?> SendLimitDelayAsync(OtpLink link, DateTime now, CancellationToken ct)
    {
        var since = now - SendWindow;
        var earlier = db.OtpLinks.AsNoTracking().Where(o => o.Id != link.Id && o.CreatedAt > since);
        var byEmail = await earlier.Where(o => o.Email == link.Email).Select(o => o.CreatedAt).ToListAsync(ct);
        var byIp = link.RequestedIp is { } ip ? await earlier.Where(o => o.RequestedIp == ip).Select(o => o.CreatedAt).ToListAsync(ct) : [];
        TimeSpan? delay = null;
        foreach (var (times, limit) in new[] { (byEmail, Options.MaxSendsPerEmailPerHour), (byIp, Options.MaxSendsPerIpPerHour) })
        {
            if (times.Count >= limit)
            {
                // The request fits once enough of the earlier sends have left the window.
                var freedBy = times.Order().ElementAt(times.Count - limit) + SendWindow - now;
                delay = delay is { } current && current > freedBy ? current : freedBy;
            }
        }
        return delay is { } wait ? (wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait) : null;
    }
}
