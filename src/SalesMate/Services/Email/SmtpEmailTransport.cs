using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Email;

/// <summary>Any SMTP relay (<c>email.smtp.*</c>), with STARTTLS and login when configured.</summary>
public sealed class SmtpEmailTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public string Name => EmailProviders.Smtp;

    public async Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var email = options.Value;
        var smtp = email.Smtp;
        var (mail, messageId) = MailMessages.Create(message, email.From);
        using (mail)
        using (var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.UseTls,
            Timeout = email.TimeoutSeconds * 1000,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        })
        {
            if (smtp.Username is { Length: > 0 } user)
            {
                client.Credentials = new NetworkCredential(user, smtp.Password);
            }
            try
            {
                await client.SendMailAsync(mail, cancellationToken);
            }
            catch (SmtpException ex)
            {
                var reason = ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
                throw new EmailDeliveryException($"The SMTP server {smtp.Host}:{smtp.Port} refused the message: {reason}",
                    $"{(int)ex.StatusCode} {ex.StatusCode}", ex);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Security.Authentication.AuthenticationException)
            {
                throw new EmailDeliveryException($"Could not talk to the SMTP server {smtp.Host}:{smtp.Port}: {ex.Message}", inner: ex);
            }
        }
        return new EmailDelivery(messageId, $"accepted by {smtp.Host}:{smtp.Port}");
    }
}
