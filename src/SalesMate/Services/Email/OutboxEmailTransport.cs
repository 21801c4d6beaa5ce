using System.Net.Mail;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Email;

/// <summary>
/// The keyless default: every message becomes an RFC 5322 .eml file in <c>email.outbox_dir</c> (System.Net.Mail's pickup
/// directory delivery), readable with any mail client or <c>cat</c>.
/// </summary>
public sealed class OutboxEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    private readonly string _directory = Path.GetFullPath(options.Value.OutboxDir);

    public string Name => EmailProviders.Outbox;

    public string Directory => _directory;

    public async Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var (mail, messageId) = MailMessages.Create(message, options.Value.From);
        using (mail)
        using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = _directory })
        {
            try
            {
                System.IO.Directory.CreateDirectory(_directory);
                await client.SendMailAsync(mail, cancellationToken);
            }
            catch (Exception ex) when (ex is SmtpException or IOException or UnauthorizedAccessException)
            {
                throw new EmailDeliveryException($"Could not write to the outbox folder {_directory}: {ex.Message}", inner: ex);
            }
        }
        return new EmailDelivery(messageId, $"written to {_directory}");
    }
}
