using SalesMate.Core.Entities;
using SalesMate.Database;

namespace SalesMate.Services.Email;

/// <summary>Sends through the configured transport and records every attempt, sent or failed, in email_events.</summary>
public sealed class EmailSender(IEmailTransport transport, SalesMateDbContext db, TimeProvider clock, ILogger<EmailSender> logger)
{
    /// <summary>Never throws for a provider failure: the returned event says <c>failed</c> and why.</summary>
    public async Task<EmailEvent> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var record = new EmailEvent
        {
            Id = Guid.CreateVersion7(),
            SessionId = message.SessionId,
            ToEmail = message.To,
            Subject = message.Subject,
            Body = message.StoredText ?? message.Text,
            Kind = message.Kind,
            Provider = transport.Name,
            Status = EmailStatuses.Sent,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        try
        {
            var delivery = await transport.SendAsync(message, cancellationToken);
            record.ProviderMessageId = delivery.ProviderMessageId;
            record.ProviderResponse = delivery.ProviderResponse;
        }
        catch (EmailDeliveryException ex)
        {
            record.Status = EmailStatuses.Failed;
            record.Error = ex.Message;
            record.ProviderResponse = ex.ProviderResponse;
            logger.LogWarning("Email {EmailEventId} ({Kind}) via {Provider} failed: {Error}", record.Id, record.Kind, record.Provider, ex.Message);
        }
        db.EmailEvents.Add(record);
        await db.SaveChangesAsync(CancellationToken.None);
        return record;
    }
}
