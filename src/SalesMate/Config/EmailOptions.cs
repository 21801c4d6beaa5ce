using System.Net.Mail;
using Microsoft.Extensions.Configuration;

namespace SalesMate.Config;

/// <summary>Section <c>email</c> (seed 003): which provider sends mail, and its settings.</summary>
public sealed class EmailOptions
{
    public const string Section = "email";
    /// <summary>outbox (default: .eml files in <see cref="OutboxDir"/>, no keys needed), mailgun or smtp.</summary>
    public string Provider { get; set; } = EmailProviders.Outbox;

    /// <summary>Sender address, optionally with a display name: <c>SalesMate &lt;no-reply@example.com&gt;</c>.</summary>
    public string From { get; set; } = "SalesMate <no-reply@salesmate.local>";

    [ConfigurationKeyName("outbox_dir")]
    public string OutboxDir { get; set; } = "var/outbox";

    [ConfigurationKeyName("mock_sales_recipient")]
    public string MockSalesRecipient { get; set; } = "sales@example.com";

    [ConfigurationKeyName("timeout_seconds")]
    public int TimeoutSeconds { get; set; } = 15;

    public MailgunOptions Mailgun { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();

    internal IEnumerable<string> Validate()
    {
        if (!EmailProviders.All.Contains(Provider))
        {
            yield return OptionErrors.NotOneOf("email.provider", Provider, EmailProviders.All);
        }
        if (!MailAddress.TryCreate(From, out _))
        {
            yield return $"email.from must be an email address such as 'Shop <no-reply@example.com>'; got '{From}'.";
        }
        if (TimeoutSeconds is < 1 or > 300)
        {
            yield return $"email.timeout_seconds must be between 1 and 300; got {TimeoutSeconds}.";
        }
        if (Provider == EmailProviders.Outbox && string.IsNullOrWhiteSpace(OutboxDir))
        {
            yield return "email.outbox_dir must be set when email.provider is outbox.";
        }
        if (Provider == EmailProviders.Mailgun)
        {
            if (string.IsNullOrWhiteSpace(Mailgun.ApiKey))
            {
                yield return "email.mailgun.api_key (or MAILGUN_API_KEY) must be set when email.provider is mailgun.";
            }
            if (string.IsNullOrWhiteSpace(Mailgun.Domain))
            {
                yield return "email.mailgun.domain must be set when email.provider is mailgun (the sending domain, e.g. mg.example.com).";
            }
            if (!Uri.TryCreate(Mailgun.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                yield return $"email.mailgun.base_url must be an http(s) URL such as https://api.eu.mailgun.net; got '{Mailgun.BaseUrl}'.";
            }
        }
        if (Provider == EmailProviders.Smtp)
        {
            if (string.IsNullOrWhiteSpace(Smtp.Host))
            {
                yield return "email.smtp.host must be set when email.provider is smtp.";
            }
            if (Smtp.Port is < 1 or > 65535)
            {
                yield return $"email.smtp.port must be between 1 and 65535; got {Smtp.Port}.";
            }
            if (string.IsNullOrEmpty(Smtp.Username) != string.IsNullOrEmpty(Smtp.Password))
            {
                yield return "email.smtp.username and email.smtp.password must be set together.";
            }
        }
    }
}

public static class EmailProviders
{
    public const string Outbox = "outbox";
    public const string Mailgun = "mailgun";
    public const string Smtp = "smtp";
    public static readonly string[] All = [Outbox, Mailgun, Smtp];
}

/// <summary>Section <c>email.mailgun</c>: the Mailgun HTTP API.</summary>
public sealed class MailgunOptions
{
    public const string ApiKeyVariable = "MAILGUN_API_KEY";

    [ConfigurationKeyName("api_key")]
    public string? ApiKey { get; set; }

    public string? Domain { get; set; }

    /// <summary>https://api.mailgun.net (US) or https://api.eu.mailgun.net (EU).</summary>
    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "https://api.mailgun.net";
}

/// <summary>Section <c>email.smtp</c>.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>STARTTLS on the plain port (587/25). Implicit TLS (port 465) is not supported by System.Net.Mail.</summary>
    [ConfigurationKeyName("use_tls")]
    public bool UseTls { get; set; } = true;
}
