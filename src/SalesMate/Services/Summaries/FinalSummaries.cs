using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Email;
using SalesMate.Services.Profiles;
using SalesMate.Vector;

namespace SalesMate.Services.Summaries;

/// <summary>
/// End of conversation (seed 003) for the current tenant: conversations of the sales agent idle for
/// <c>chat.inactivity_minutes</c> get their final summary, stored in conversation_summaries and on the lead, and
/// emailed as HTML to the tenant's sales recipient. Each conversation is claimed first with one conditional UPDATE
/// (summarized_at set where it is still null), so with several instances exactly one of them summarises it.
/// </summary>
public sealed class FinalSummaries(
    SalesMateDbContext db,
    CatalogIndex catalogIndex,
    ProfileFactStore facts,
    SummaryWriter writer,
    EmailSender email,
    IOptions<ChatOptions> chat,
    IOptions<SummaryOptions> options,
    IOptions<EmailOptions> emailOptions,
    IOptions<AppOptions> app,
    ILogger<FinalSummaries> logger)
{
    /// <summary>Summarises the idle conversations this caller wins; returns how many.</summary>
    public async Task<int> SummarizeIdleAsync(DateTime now, CancellationToken cancellationToken)
    {
        var cutoff = now - TimeSpan.FromMinutes(chat.Value.InactivityMinutes);
        var candidates = await db.Conversations.AsNoTracking()
            .Where(c => c.SummarizedAt == null && c.LastMessageAt < cutoff && c.MessageCount > 1 && c.Agent == Agents.Sales)
            .OrderBy(c => c.LastMessageAt)
            .Select(c => c.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);
        var done = 0;
        foreach (var id in candidates)
        {
            if (!await ClaimAsync(id, cutoff, now, cancellationToken))
            {
                continue; // another instance got there first, or the shopper came back
            }
            try
            {
                await SummarizeAsync(id, now, cancellationToken);
                done++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Final summary of {ConversationId} failed; it stays claimed and is not retried", id);
            }
        }
        return done;
    }

    /// <summary>The atomic claim: true only for the one caller whose UPDATE changed the row.</summary>
    public async Task<bool> ClaimAsync(Guid conversationId, DateTime cutoff, DateTime now, CancellationToken cancellationToken) =>
        await db.Conversations
            .Where(c => c.Id == conversationId && c.SummarizedAt == null && c.LastMessageAt < cutoff)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.SummarizedAt, now), cancellationToken) == 1;

    private async Task SummarizeAsync(Guid conversationId, DateTime now, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == conversationId, cancellationToken);
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        var lead = conversation.UserId is { } userId
            ? await db.Leads.FirstOrDefaultAsync(l => l.UserId == userId, cancellationToken)
            : await db.Leads.FirstOrDefaultAsync(l => l.SessionId == conversation.SessionId && l.UserId == null, cancellationToken);
        var profile = await facts.LoadAsync(FactOwner.Of(conversation), cancellationToken);
        var (catalog, settings) = await catalogIndex.GetWithSettingsAsync(db, cancellationToken);

        var details = FinalSummaryBuilder.Build(conversation, messages, lead, profile, catalog);
        var prose = await writer.FinalAsync(conversationId, details, messages, cancellationToken);
        details = details with { Source = prose is null ? "rules" : "model" };
        var text = prose ?? ExtractiveSummary.Final(details);
        db.ConversationSummaries.Add(new ConversationSummary
        {
            Id = Guid.CreateVersion7(),
            ConversationId = conversationId,
            Summary = text,
            MessagesIncluded = messages.Count == 0 ? 0 : messages[^1].Sequence,
            Kind = ConversationSummaryKinds.Final,
            Details = details,
            CreatedAt = now,
        });
        db.UsageEvents.Add(new UsageEvent
        {
            Id = Guid.CreateVersion7(),
            Action = "conversation.summarized",
            SessionId = conversation.SessionId,
            ConversationId = conversationId,
            Metadata = new Dictionary<string, string> { ["temperature"] = details.Temperature ?? LeadTemperatures.Cold, ["source"] = details.Source ?? "rules" },
            CreatedAt = now,
        });
        await SaveAsync(lead, text, now, cancellationToken);

        if (settings.Leads?.EmailSummaries ?? options.Value.Email)
        {
            var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == db.CurrentTenantId)
                .Select(t => new { Name = t.Settings.Branding.DisplayName ?? t.Name, t.Slug }).FirstAsync(cancellationToken);
            var to = settings.SalesRecipientEmail ?? emailOptions.Value.MockSalesRecipient;
            var leadLink = lead is null ? null : LeadLinks.For(lead.Id, tenant.Slug, app.Value);
            var sent = await email.SendAsync(SummaryEmail.Build(to, tenant.Name, conversation, leadLink, details, text), CancellationToken.None);
            logger.LogInformation("Final summary of {ConversationId} emailed ({Status})", conversationId, sent.Status);
        }
    }

    /// <summary>
    /// The summary rows, and the lead's copy of the text. A chat turn of the shopper may have rescored the lead while the
    /// summary was written (<see cref="Lead.Version"/>): the summary then goes onto the lead as stored now.
    /// </summary>
    private async Task SaveAsync(Lead? lead, string text, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (lead is not null)
            {
                lead.Summary = text;
                lead.UpdatedAt = now;
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3 && lead is not null)
            {
                await db.Entry(lead).ReloadAsync(cancellationToken);
                if (db.Entry(lead).State == EntityState.Detached)
                {
                    lead = null; // deleted meanwhile (privacy erasure)
                }
            }
        }
    }
}
