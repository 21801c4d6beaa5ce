using System.Net.Mail;
using System.Net.Mime;
using System.Text;

namespace SalesMate.Services.Email;

/// <summary>Builds the System.Net.Mail message the outbox and SMTP transports send, with a Message-ID we can record.</summary>
internal static class MailMessages
{
    public static (MailMessage Mail, string MessageId) Create(EmailMessage message, string from)
    {
        var sender = new MailAddress(from);
        var messageId = $"<{Guid.CreateVersion7():N}@{sender.Host}>";
        var mail = new MailMessage(sender, new MailAddress(message.To))
        {
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            Body = message.Text.ReplaceLineEndings("\r\n"),
            BodyEncoding = Encoding.UTF8,
            // Plain ASCII stays readable in the .eml (System.Net.Mail's quoted-printable also encodes every line break).
            BodyTransferEncoding = message.Text.All(char.IsAscii) ? TransferEncoding.SevenBit : TransferEncoding.Base64,
            IsBodyHtml = false,
        };
        mail.Headers.Add("Message-ID", messageId);
        if (message.Html is { Length: > 0 } html)
        {
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(html, Encoding.UTF8, MediaTypeNames.Text.Html));
        }
        return (mail, messageId);
    }
}
