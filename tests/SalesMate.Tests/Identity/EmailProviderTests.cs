using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Core.Entities;
using SalesMate.Database;
using SalesMate.Services.Email;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>The three email providers against local servers that speak the real protocols; every attempt lands in email_events.</summary>
public abstract partial class EmailProviderTests(IdentityAppFixture fixture)
{
    private static readonly string[] ExpectedFields = ["from", "to", "subject", "text"];

    [Fact]
    public async Task Mailgun_gets_the_code_email_with_basic_auth_and_its_form_fields()
    {
        await using var mailgun = await FakeMailgunServer.StartAsync();
        var (app, client) = fixture.StartInstance(MailgunSettings(mailgun, mailgun.ApiKey));
        using (client)
        {
            var email = IdentityAppFixture.NewEmail();
            var chat = await fixture.StartChatAsync(client);
            (await fixture.RequestCodeAsync(chat.SessionToken, email, "link_session", client)).StatusCode.Should().Be(HttpStatusCode.Accepted);

            var sent = mailgun.Requests.Should().ContainSingle().Subject;
            sent.Domain.Should().Be("mg.example.com");
            sent.ContentType.Should().StartWith("multipart/form-data");
            sent.Fields.Keys.Should().Contain(ExpectedFields);
            sent.Fields["from"].Should().Be("Shop <no-reply@mg.example.com>");
            sent.Fields["to"].Should().Be(email);
            sent.Fields["subject"].Should().Contain("link your chats");
            var code = CodeIn(sent.Fields["text"]);
            (await client.PostJsonAsync("/api/v1/otp/verify", new { email, code, purpose = "link_session" }, chat.SessionToken))
                .StatusCode.Should().Be(HttpStatusCode.OK, "the code Mailgun delivered works");

            var recorded = await EventsAsync(email);
            recorded.Should().ContainSingle().Which.Should().Match<EmailEvent>(e => e.Provider == "mailgun" && e.Status == "sent"
                && e.ProviderMessageId!.EndsWith("@mg.example.com>") && e.ProviderResponse!.Contains("Queued. Thank you.") && !e.Body!.Contains(code));
        }
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Mailgun_refusals_are_recorded_as_failed_with_a_clear_error_and_answered_503()
    {
        await using var mailgun = await FakeMailgunServer.StartAsync();
        var (app, client) = fixture.StartInstance(MailgunSettings(mailgun, mailgun.ApiKey));
        var (wrongKeyApp, wrongKeyClient) = fixture.StartInstance(MailgunSettings(mailgun, "key-wrong"));
        using (client)
        using (wrongKeyClient)
        {
            var chat = await fixture.StartChatAsync(client);
            mailgun.FailWith = (500, "{\"message\": \"Internal server error\"}");
            var serverError = IdentityAppFixture.NewEmail();
            var answer = await fixture.RequestCodeAsync(chat.SessionToken, serverError, "link_session", client);
            answer.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await answer.ReadAsync<ProblemDetails>()).Title.Should().Be("Email unavailable");
            var failed = (await EventsAsync(serverError)).Should().ContainSingle().Subject;
            failed.Status.Should().Be("failed");
            failed.Error.Should().Be("Mailgun answered 500: Mailgun had an internal error (Internal server error).");
            failed.ProviderResponse.Should().StartWith("500 ");
            fixture.Logs.Lines.Should().Contain(l => l.StartsWith("Warning ", StringComparison.Ordinal)
                && l.Contains("Email unavailable on POST /api/v1/otp/request", StringComparison.Ordinal), "a known outage is a warning")
                .And.NotContain(l => l.Contains("Unhandled exception on POST /api/v1/otp", StringComparison.Ordinal), "it is not an unexpected error");

            mailgun.FailWith = (400, "{\"message\": \"'to' parameter is not a valid address. please check documentation\"}");
            var refused = IdentityAppFixture.NewEmail();
            (await fixture.RequestCodeAsync(chat.SessionToken, refused, "link_session", client)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await EventsAsync(refused)).Single().Error.Should().Contain("400").And.Contain("'to' parameter is not a valid address");

            mailgun.FailWith = null;
            var wrongKey = IdentityAppFixture.NewEmail();
            var other = await fixture.StartChatAsync(wrongKeyClient);
            (await fixture.RequestCodeAsync(other.SessionToken, wrongKey, "link_session", wrongKeyClient)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await EventsAsync(wrongKey)).Single().Error.Should().Contain("401").And.Contain("API key was rejected");
        }
        await app.DisposeAsync();
        await wrongKeyApp.DisposeAsync();
    }

    [Fact]
    public async Task Smtp_delivers_the_code_email_to_the_server_after_logging_in()
    {
        await using var smtp = FakeSmtpServer.Start();
        var (app, client) = fixture.StartInstance(SmtpSettings(smtp));
        using (client)
        {
            var email = IdentityAppFixture.NewEmail();
            var chat = await fixture.StartChatAsync(client);
            var requested = await fixture.RequestCodeAsync(chat.SessionToken, email, "export", client);
            requested.StatusCode.Should().Be(HttpStatusCode.Accepted, string.Join(" / ", (await EventsAsync(email)).Select(e => e.Error)));

            var received = smtp.Messages.Should().ContainSingle().Subject;
            received.From.Should().Be("no-reply@shop.example.com");
            received.Recipients.Should().Equal(email);
            (received.User, received.Password).Should().Be(("mailer", "s3cret"));
            var mail = OutboxMail.Parse(received.Data);
            mail.To.Should().Be(email);
            mail.Subject.Should().Contain("export your data");
            CodeIn(mail.Body).Should().MatchRegex("^[0-9]{6}$");
            var recorded = (await EventsAsync(email)).Should().ContainSingle().Subject;
            (recorded.Provider, recorded.Status, recorded.ProviderMessageId).Should().Be(("smtp", "sent", mail.MessageId));

            smtp.RejectRecipients = true;
            var rejected = IdentityAppFixture.NewEmail();
            (await fixture.RequestCodeAsync(chat.SessionToken, rejected, "export", client)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var failed = (await EventsAsync(rejected)).Single();
            failed.Status.Should().Be("failed");
            failed.Error.Should().Contain("refused the message").And.Contain("Mailbox unavailable");
        }
        await app.DisposeAsync();
    }

    [Fact]
    public async Task The_outbox_writes_a_parseable_eml_file_per_message()
    {
        var to = IdentityAppFixture.NewEmail();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SalesMateDbContext>();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
        var sender = scope.ServiceProvider.GetRequiredService<EmailSender>();

        var recorded = await sender.SendAsync(new EmailMessage(to, "Résumé of your chat ✓", "Line one: café\nLine two\n", EmailKinds.Summary), CancellationToken.None);

        recorded.Status.Should().Be("sent");
        recorded.Provider.Should().Be("outbox");
        var mail = fixture.Outbox.To(to).Should().ContainSingle().Subject;
        mail.MessageId.Should().Be(recorded.ProviderMessageId);
        mail.From.Should().Contain("no-reply@salesmate.local");
        mail.Subject.Should().Be("Résumé of your chat ✓");
        mail.Body.Should().Be("Line one: café\r\nLine two\r\n");
        mail.Headers.Should().ContainKeys("Date", "MIME-Version", "Content-Type");
    }

    private static Dictionary<string, string> MailgunSettings(FakeMailgunServer mailgun, string key) => new()
    {
        ["email:provider"] = "mailgun",
        ["email:from"] = "Shop <no-reply@mg.example.com>",
        ["email:mailgun:api_key"] = key,
        ["email:mailgun:domain"] = "mg.example.com",
        ["email:mailgun:base_url"] = mailgun.BaseUrl,
    };

    private static Dictionary<string, string> SmtpSettings(FakeSmtpServer smtp) => new()
    {
        ["email:provider"] = "smtp",
        ["email:from"] = "no-reply@shop.example.com",
        ["email:smtp:host"] = "127.0.0.1",
        ["email:smtp:port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["email:smtp:username"] = "mailer",
        ["email:smtp:password"] = "s3cret",
        ["email:smtp:use_tls"] = "false",
    };

    private Task<List<EmailEvent>> EventsAsync(string email) =>
        fixture.DbAsync(db => db.EmailEvents.AsNoTracking().Where(e => e.ToEmail == email).OrderBy(e => e.CreatedAt).ToListAsync());

    private static string CodeIn(string text) => CodePattern().Match(text) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException(text);

    [GeneratedRegex(@"Your code is (\d{6})")]
    private static partial Regex CodePattern();
}

[Collection("sqlite")]
public sealed class SqliteEmailProviderTests(SqliteIdentityAppFixture fixture) : EmailProviderTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresEmailProviderTests(PostgresIdentityAppFixture fixture) : EmailProviderTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
