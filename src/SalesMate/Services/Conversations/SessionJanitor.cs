using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Database;

namespace SalesMate.Services.Conversations;

/// <summary>
/// Retention of anonymous chat data: every hour, deletes sessions idle longer than <c>chat.session_ttl_days</c> that were
/// never linked to an email or an account, with their conversations (messages, summaries and streams cascade), model
/// call records and idempotency records; and one-time code rows a day after they expired. Runs tenant by tenant
/// through the normal tenant filter.
/// </summary>
public sealed class SessionJanitor(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ChatOptions> options, ILogger<SessionJanitor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan OtpRetention = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Purging expired chat sessions failed; will retry");
            }
        }
    }

    /// <summary>Purges every tenant; returns the number of sessions deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenantIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            tenantIds = await scope.ServiceProvider.GetRequiredService<SalesMateDbContext>().Tenants.Select(t => t.Id).ToListAsync(cancellationToken);
        }
        var total = 0;
        foreach (var tenantId in tenantIds)
        {
            total += await PurgeTenantAsync(tenantId, cancellationToken);
        }
        return total;
    }

    private async Task<int> PurgeTenantAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - TimeSpan.FromDays(options.Value.SessionTtlDays);

        // Expired tokens are refused by SessionManager, so these sessions cannot come back to life while we delete them.
        var expired = db.Sessions.Where(s => s.LastActivityAt < cutoff && s.Email == null && s.UserId == null
                                             && !db.Conversations.Any(c => c.SessionId == s.Id && c.UserId != null));
        var conversations = db.Conversations.Where(c => expired.Any(s => s.Id == c.SessionId));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LlmRequests.Where(r => conversations.Any(c => c.Id == r.ConversationId)).ExecuteDeleteAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => expired.Any(s => s.Id == r.SessionId)).ExecuteDeleteAsync(cancellationToken);
        await conversations.ExecuteDeleteAsync(cancellationToken);
        var purged = await expired.ExecuteDeleteAsync(cancellationToken);
        var otpCutoff = now - OtpRetention;
        var codes = await db.OtpLinks.Where(o => o.ExpiresAt < otpCutoff).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (purged > 0 || codes > 0)
        {
            logger.LogInformation("Purged {SessionCount} expired anonymous sessions and {OtpCount} old one-time codes of tenant {TenantId}",
                purged, codes, tenantId);
        }
        return purged;
    }
}
