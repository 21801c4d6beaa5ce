using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Email;

/// <summary>
/// Mailgun's HTTP API: <c>POST {base_url}/v3/{domain}/messages</c> with Basic auth <c>api:&lt;key&gt;</c> and the form
/// fields from/to/subject/text/html; it answers <c>{"id": "&lt;...&gt;", "message": "Queued. Thank you."}</c>.
/// </summary>
public sealed class MailgunEmailTransport(IHttpClientFactory httpClients, IOptions<EmailOptions> options) : IEmailTransport
{
    public const string HttpClientName = "mailgun";
    private const int MaxStoredResponseChars = 2000;

    public string Name => EmailProviders.Mailgun;

    public async Task<EmailDelivery> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var email = options.Value;
        var mailgun = email.Mailgun;
        var url = $"{mailgun.BaseUrl.TrimEnd('/')}/v3/{Uri.EscapeDataString(mailgun.Domain!)}/messages";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(email.From), "from" },
            { new StringContent(message.To), "to" },
            { new StringContent(message.Subject), "subject" },
            { new StringContent(message.Text), "text" },
        };
        if (message.Html is { Length: > 0 } html)
        {
            form.Add(new StringContent(html), "html");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"api:{mailgun.ApiKey}")));

        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EmailDeliveryException($"Could not reach Mailgun at {mailgun.BaseUrl}: {ex.Message}", inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmailDeliveryException($"Mailgun did not answer within {email.TimeoutSeconds} s.", inner: ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var stored = body.Length > MaxStoredResponseChars ? body[..MaxStoredResponseChars] : body;
            var (id, text) = Parse(body);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var reason = status switch
                {
                    401 or 403 => "the API key was rejected (check email.mailgun.api_key / MAILGUN_API_KEY and the US/EU base_url)",
                    404 => $"the domain '{mailgun.Domain}' is unknown to this Mailgun account or region",
                    429 => "Mailgun's rate limit was reached",
                    >= 500 => "Mailgun had an internal error",
                    _ => "the request was refused",
                };
                throw new EmailDeliveryException($"Mailgun answered {status}: {reason}{(text is { Length: > 0 } ? $" ({text})" : "")}.", $"{status} {stored}");
            }
            if (id is null)
            {
                throw new EmailDeliveryException($"Mailgun answered {(int)response.StatusCode} without a message id.", stored);
            }
            return new EmailDelivery(id, stored);
        }
    }

    /// <summary>Mailgun answers JSON {id, message}; some errors (401) come as plain text.</summary>
    private static (string? Id, string? Message) Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            return (json.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                json.RootElement.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null);
        }
        catch (JsonException)
        {
            return (null, body.Length is > 0 and <= 200 ? body.Trim() : null);
        }
    }
}
