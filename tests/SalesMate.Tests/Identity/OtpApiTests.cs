using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Core;
using SalesMate.Database;
using SalesMate.Services.Otp;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>Email one-time codes over real HTTP: linking sessions, and every way a code must be refused.</summary>
public abstract class OtpApiTests(IdentityAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private async Task<string> RequestCodeAsync(string token, string email, string purpose = OtpPurposes.LinkSession)
    {
        var response = await fixture.RequestCodeAsync(token, email, purpose);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return fixture.Outbox.LatestCode(email.Trim());
    }

    private async Task<List<Guid>> HistoryAsync(string token) =>
        (await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", token)).ReadAsync<HistoryResponse>())
        .Conversations.Select(c => c.Id).ToList();

    private static async Task ShouldBeRejectedAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadAsync<ProblemDetails>();
        problem.Title.Should().Be("Invalid code");
        problem.Detail.Should().Be(new InvalidCodeException().Message, "every rejection reads the same");
    }

    [Fact]
    public async Task A_verified_email_links_the_session_to_earlier_sessions_with_that_email()
    {
        var email = IdentityAppFixture.NewEmail();
        var earlier = await fixture.StartChatAsync();
        var code = await RequestCodeAsync(earlier.SessionToken!, email);
        (await fixture.VerifyAsync(earlier.SessionToken, email, code)).StatusCode.Should().Be(HttpStatusCode.OK);

        var later = await fixture.StartChatAsync();
        (await HistoryAsync(later.SessionToken!)).Should().Equal([later.ConversationId], "nothing is shared before the proof");

        var laterCode = await RequestCodeAsync(later.SessionToken!, "  " + email.ToUpperInvariant() + " ");
        var verified = await fixture.VerifyAsync(later.SessionToken, email.ToUpperInvariant(), laterCode);
        verified.StatusCode.Should().Be(HttpStatusCode.OK);
        (await verified.ReadAsync<OtpVerifiedResponse>()).Should().Be(new OtpVerifiedResponse(email, true));

        (await HistoryAsync(later.SessionToken!)).Should().BeEquivalentTo([later.ConversationId, earlier.ConversationId]);
        (await HistoryAsync(earlier.SessionToken!)).Should().BeEquivalentTo([later.ConversationId, earlier.ConversationId]);
        var messages = await Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{earlier.ConversationId}/messages", later.SessionToken);
        messages.StatusCode.Should().Be(HttpStatusCode.OK);

        var stranger = await fixture.StartChatAsync();
        (await HistoryAsync(stranger.SessionToken!)).Should().Equal([stranger.ConversationId]);
    }

    [Fact]
    public async Task The_request_answer_is_identical_for_known_and_unknown_addresses()
    {
        var known = IdentityAppFixture.NewEmail("known");
        var chat = await fixture.StartChatAsync();
        var code = await RequestCodeAsync(chat.SessionToken!, known);
        (await fixture.VerifyAsync(chat.SessionToken, known, code)).EnsureSuccessStatusCode();

        var forKnown = await fixture.RequestCodeAsync(chat.SessionToken, known, OtpPurposes.Export);
        var forUnknown = await fixture.RequestCodeAsync(chat.SessionToken, IdentityAppFixture.NewEmail("unknown"), OtpPurposes.Export);
        forKnown.StatusCode.Should().Be(HttpStatusCode.Accepted);
        forUnknown.StatusCode.Should().Be(forKnown.StatusCode);
        (await forUnknown.Content.ReadAsStringAsync()).Should().Be(await forKnown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_sixth_attempt_is_refused_even_with_the_right_code()
    {
        var email = IdentityAppFixture.NewEmail();
        var chat = await fixture.StartChatAsync();
        var code = await RequestCodeAsync(chat.SessionToken!, email);
        var wrong = code == "000000" ? "000001" : "000000";
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, email, wrong));
        }
        await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, email, code));

        var fresh = await RequestCodeAsync(chat.SessionToken!, email);
        (await fixture.VerifyAsync(chat.SessionToken, email, fresh)).StatusCode.Should().Be(HttpStatusCode.OK, "a new code starts over");
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var email = IdentityAppFixture.NewEmail();
        var chat = await fixture.StartChatAsync();
        var code = await RequestCodeAsync(chat.SessionToken!, email);
        (await fixture.VerifyAsync(chat.SessionToken, email, code)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, email, code));
    }

    [Fact]
    public async Task A_code_expires_after_ten_minutes()
    {
        var email = IdentityAppFixture.NewEmail();
        var chat = await fixture.StartChatAsync();
        var code = await RequestCodeAsync(chat.SessionToken!, email);
        fixture.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, email, code));

        var fresh = await RequestCodeAsync(chat.SessionToken!, email);
        fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        (await fixture.VerifyAsync(chat.SessionToken, email, fresh)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_resend_replaces_the_old_code()
    {
        var email = IdentityAppFixture.NewEmail();
        var chat = await fixture.StartChatAsync();
        var first = await RequestCodeAsync(chat.SessionToken!, email);
        var second = await RequestCodeAsync(chat.SessionToken!, email);
        if (first != second)
        {
            await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, email, first));
        }
        (await fixture.VerifyAsync(chat.SessionToken, email, second)).StatusCode.Should().Be(HttpStatusCode.OK);
        fixture.Outbox.To(email).Should().HaveCount(2);
    }

    [Fact]
    public async Task A_code_is_bound_to_its_session_and_its_purpose()
    {
        var email = IdentityAppFixture.NewEmail();
        var owner = await fixture.StartChatAsync();
        var thief = await fixture.StartChatAsync();
        var code = await RequestCodeAsync(owner.SessionToken!, email);
        await ShouldBeRejectedAsync(await fixture.VerifyAsync(thief.SessionToken, email, code));

        var sessionId = await fixture.DbAsync(db => db.Conversations.Where(c => c.Id == owner.ConversationId).Select(c => c.SessionId).SingleAsync());
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            await SetDemoTenantAsync(scope.ServiceProvider);
            var otp = scope.ServiceProvider.GetRequiredService<OtpService>();
            foreach (var purpose in new[] { OtpPurposes.Export, OtpPurposes.DeleteData, OtpPurposes.VerifyEmail })
            {
                var wrongPurpose = () => otp.VerifyAsync(email, code, purpose, sessionId, CancellationToken.None);
                await wrongPurpose.Should().ThrowAsync<InvalidCodeException>(purpose);
            }
        }
        (await fixture.VerifyAsync(owner.SessionToken, email, code)).StatusCode.Should().Be(HttpStatusCode.OK,
            "attempts from elsewhere neither use up nor lock the owner's code");
    }

    [Fact]
    public async Task Five_codes_per_address_an_hour_then_429_with_retry_after()
    {
        var email = IdentityAppFixture.NewEmail();
        var chat = await fixture.StartChatAsync();
        for (var i = 0; i < 5; i++)
        {
            await RequestCodeAsync(chat.SessionToken!, email, i % 2 == 0 ? OtpPurposes.LinkSession : OtpPurposes.Export);
        }
        var limited = await fixture.RequestCodeAsync(chat.SessionToken, email, OtpPurposes.LinkSession);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        retryAfter.Should().BeInRange(3000, 3600);
        (await limited.ReadAsync<ProblemDetails>()).Title.Should().Be("Too many requests");
        fixture.Outbox.To(email).Should().HaveCount(5, "a refused request sends nothing");

        var other = await fixture.RequestCodeAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), OtpPurposes.LinkSession);
        other.StatusCode.Should().Be(HttpStatusCode.Accepted, "the limit is per address");

        fixture.Clock.Advance(TimeSpan.FromSeconds(retryAfter));
        (await fixture.RequestCodeAsync(chat.SessionToken, email, OtpPurposes.LinkSession)).StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task The_per_ip_limit_is_counted_in_the_database_across_instances()
    {
        fixture.Clock.Advance(TimeSpan.FromHours(2)); // earlier tests' sends leave the window
        var (app, other) = fixture.StartInstance(new Dictionary<string, string> { ["otp:max_sends_per_ip_per_hour"] = "3" });
        using (other)
        {
            var chat = await fixture.StartChatAsync();
            for (var i = 0; i < 2; i++)
            {
                (await fixture.RequestCodeAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), OtpPurposes.LinkSession)).StatusCode
                    .Should().Be(HttpStatusCode.Accepted);
            }
            (await fixture.RequestCodeAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), OtpPurposes.LinkSession, other)).StatusCode
                .Should().Be(HttpStatusCode.Accepted);
            var limited = await fixture.RequestCodeAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), OtpPurposes.LinkSession, other);
            limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the other instance's sends from this IP count too");
            limited.Headers.Contains("Retry-After").Should().BeTrue();
        }
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Codes_never_reach_the_logs_or_the_stored_emails()
    {
        var email = IdentityAppFixture.NewEmail();
        var chat = await fixture.StartChatAsync();
        var codes = new List<string>();
        codes.Add(await RequestCodeAsync(chat.SessionToken!, email));
        codes.Add(await RequestCodeAsync(chat.SessionToken!, email));
        await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, email, codes[0] == codes[1] ? "999999" : codes[0]));
        (await fixture.VerifyAsync(chat.SessionToken, email, codes[1])).EnsureSuccessStatusCode();
        codes.Add(await RequestCodeAsync(chat.SessionToken!, email, OtpPurposes.Export));

        fixture.Logs.Lines.Should().Contain(l => l.Contains("One-time code", StringComparison.Ordinal), "the flow is logged");
        foreach (var code in codes)
        {
            fixture.Logs.Lines.Should().NotContain(l => Regex.IsMatch(l, $@"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])"));
        }
        var stored = await fixture.DbAsync(db => db.EmailEvents.Where(e => e.ToEmail == email).ToListAsync());
        stored.Should().HaveCount(3).And.OnlyContain(e => e.Kind == "otp" && e.Status == "sent" && e.Provider == "outbox"
            && e.ProviderMessageId != null && e.Body!.Contains("[code removed]"));
        foreach (var code in codes)
        {
            stored.Should().NotContain(e => e.Body!.Contains(code) || e.Subject.Contains(code));
        }
        var hashes = await fixture.DbAsync(db => db.OtpLinks.Where(o => o.Email == email).Select(o => o.OtpHash).ToListAsync());
        hashes.Should().HaveCount(3).And.OnlyContain(h => h.Length == 64 && !codes.Any(h.Contains));
    }

    [Fact]
    public async Task Bad_requests_get_clear_problems()
    {
        var chat = await fixture.StartChatAsync();
        var badEmail = await fixture.RequestCodeAsync(chat.SessionToken, "not-an-email", OtpPurposes.LinkSession);
        badEmail.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badEmail.ReadAsync<ValidationProblemDetails>()).Errors.Should().ContainKey("email");

        var badPurpose = await fixture.RequestCodeAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), OtpPurposes.VerifyEmail);
        badPurpose.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badPurpose.ReadAsync<ValidationProblemDetails>()).Errors.Should().ContainKey("purpose");

        var noSession = await fixture.RequestCodeAsync(null, IdentityAppFixture.NewEmail(), OtpPurposes.LinkSession);
        noSession.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var verifyOther = await fixture.VerifyAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), "123456", OtpPurposes.DeleteData);
        verifyOther.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await verifyOther.ReadAsync<ValidationProblemDetails>()).Errors["purpose"].Single().Should().Contain("/api/v1/privacy/delete");

        await ShouldBeRejectedAsync(await fixture.VerifyAsync(chat.SessionToken, IdentityAppFixture.NewEmail(), "12ab56"));
    }

    private static async Task SetDemoTenantAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<SalesMateDbContext>();
        services.GetRequiredService<TenantContext>().Set(await db.Tenants.Where(t => t.Slug == "demo").Select(t => t.Id).SingleAsync());
    }
}

[Collection("sqlite")]
public sealed class SqliteOtpApiTests(SqliteIdentityAppFixture fixture) : OtpApiTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresOtpApiTests(PostgresIdentityAppFixture fixture) : OtpApiTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
