using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SalesMate.Api.Models;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>Sign-up with an emailed code: the same answer whether or not the address has an account.</summary>
public abstract class AccountSignupTests(AccountsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Signup_then_verify_with_the_emailed_code_signs_in_and_me_shows_the_account()
    {
        var email = AccountsTestKit.NewEmail("new");

        var signup = await Client.SignupAsync(email, displayName: "Dana");
        signup.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await signup.ReadAsync<SignupAcceptedResponse>()).Status.Should().Be("verification_pending");
        (await Client.PostJsonAsync("/api/v1/auth/login", new { email, password = AccountsTestKit.GoodPassword }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the address is not verified yet");

        var code = fixture.Outbox.LatestCode(email);
        var verify = await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email = email.ToUpperInvariant(), code });
        verify.StatusCode.Should().Be(HttpStatusCode.OK, await verify.Content.ReadAsStringAsync());
        var tokens = await verify.ReadAsync<TokenResponse>();

        tokens.User.Email.Should().Be(email);
        tokens.User.DisplayName.Should().Be("Dana");
        tokens.User.Role.Should().Be(Roles.User);
        tokens.User.EmailVerified.Should().BeTrue();
        var me = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/users/me", tokens.AccessToken)).ReadAsync<UserMeResponse>();
        me.User.Id.Should().Be(tokens.User.Id);
        (await Client.LoginAsync(email)).User.Id.Should().Be(tokens.User.Id);
        (await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email, code })).StatusCode
            .Should().Be(HttpStatusCode.BadRequest, "a code works once");
    }

    [Fact]
    public async Task Signup_for_an_existing_account_answers_the_same_and_emails_a_notice_instead_of_a_code()
    {
        var existing = AccountsTestKit.NewEmail("existing");
        await fixture.CreateUserAsync(existing);
        var fresh = AccountsTestKit.NewEmail("fresh");

        var forExisting = await Client.SignupAsync(existing, "another passphrase 99");
        var forFresh = await Client.SignupAsync(fresh, "another passphrase 99");

        forExisting.StatusCode.Should().Be(HttpStatusCode.Accepted);
        forFresh.StatusCode.Should().Be(forExisting.StatusCode);
        (await forFresh.Content.ReadAsStringAsync()).Should().Be(await forExisting.Content.ReadAsStringAsync());
        var notice = fixture.Outbox.To(existing).Should().ContainSingle().Subject;
        notice.Subject.Should().Contain("already have");
        notice.Body.Should().NotMatchRegex(@"\d{6}");
        fixture.Outbox.To(fresh).Should().ContainSingle().Which.Body.Should().MatchRegex(@"Your code is \d{6}");
        (await Client.LoginAsync(existing)).User.Email.Should().Be(existing, "the existing password is untouched");
        (await Client.PostJsonAsync("/api/v1/auth/login", new { email = existing, password = "another passphrase 99" }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Send_limits_hit_new_and_existing_addresses_alike()
    {
        var existing = AccountsTestKit.NewEmail("limit-existing");
        await fixture.CreateUserAsync(existing);
        var fresh = AccountsTestKit.NewEmail("limit-fresh");
        var statuses = new Dictionary<string, List<HttpStatusCode>> { [existing] = [], [fresh] = [] };

        for (var i = 0; i < 6; i++)
        {
            foreach (var email in statuses.Keys)
            {
                statuses[email].Add((await Client.SignupAsync(email)).StatusCode);
            }
        }

        statuses[existing].Should().Equal(statuses[fresh]);
        statuses[fresh].Should().Equal([.. Enumerable.Repeat(HttpStatusCode.Accepted, 5), HttpStatusCode.TooManyRequests]);
    }

    [Fact]
    public async Task An_invited_account_is_completed_by_signup_and_keeps_its_role()
    {
        var email = AccountsTestKit.NewEmail("invited");
        var invitedId = await fixture.WithDbAsync(async (db, _) =>
        {
            var user = new User { Id = Guid.CreateVersion7(), Email = email, Role = Roles.Sales, CreatedAt = DateTime.UtcNow };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            return user.Id;
        });

        var tokens = await fixture.SignupAndVerifyAsync(email);

        tokens.User.Id.Should().Be(invitedId);
        tokens.User.Role.Should().Be(Roles.Sales);
        var count = await fixture.WithDbAsync(async (db, _) => await db.Users.CountAsync(u => u.Email == email));
        count.Should().Be(1);
    }

    [Fact]
    public async Task Wrong_codes_and_unknown_addresses_get_the_same_refusal()
    {
        var email = AccountsTestKit.NewEmail("wrong-code");
        (await Client.SignupAsync(email)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = fixture.Outbox.LatestCode(email);
        var wrong = code == "000000" ? "111111" : "000000";

        var wrongCode = await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email, code = wrong });
        var unknown = await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email = AccountsTestKit.NewEmail("nobody"), code });
        var malformed = await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email = "nope", code });

        wrongCode.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await wrongCode.BodyWithoutRequestIdAsync();
        (await unknown.BodyWithoutRequestIdAsync()).Should().Be(body);
        (await malformed.BodyWithoutRequestIdAsync()).Should().Be(body);
        (await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email, code })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("short1", "password", "at least 8")]
    [InlineData("password123", "password", "most common")]
    [InlineData("qwertyuiop", "password", "most common")]
    [InlineData("", "password", "required")]
    public async Task Signup_password_rules_are_explained_the_same_for_new_and_existing_addresses(string password, string field, string message)
    {
        var existing = AccountsTestKit.NewEmail("rules-existing");
        await fixture.CreateUserAsync(existing);

        foreach (var email in new[] { existing, AccountsTestKit.NewEmail("rules-new") })
        {
            var response = await Client.SignupAsync(email, password);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.ReadAsync<ValidationProblemDetails>()).Errors[field].Single().Should().Contain(message);
        }
    }

    [Fact]
    public async Task Signup_refuses_a_malformed_email_or_the_email_as_password()
    {
        var invalid = await Client.SignupAsync("not an email");
        (await invalid.ReadAsync<ValidationProblemDetails>()).Errors["email"].Single().Should().Contain("valid email");

        var email = AccountsTestKit.NewEmail("same");
        var same = await Client.SignupAsync(email, email);
        (await same.ReadAsync<ValidationProblemDetails>()).Errors["password"].Single().Should().Contain("email address");
    }

    [Fact]
    public async Task Passwords_codes_and_tokens_never_reach_the_logs()
    {
        var email = AccountsTestKit.NewEmail("secrets");
        (await Client.SignupAsync(email, "my secret passphrase 1")).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var code = fixture.Outbox.LatestCode(email);
        var verified = await (await Client.PostJsonAsync("/api/v1/auth/signup/verify", new { email, code })).ReadAsync<TokenResponse>();
        var refreshed = await (await Client.RefreshAsync(verified.RefreshToken)).ReadAsync<TokenResponse>();
        await Client.RefreshAsync(verified.RefreshToken); // reuse is logged as a failure, without the token
        await Client.PostJsonAsync("/api/v1/auth/login", new { email, password = "a wrong secret passphrase 2" });
        var changed = await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/password", (await Client.LoginAsync(email, "my secret passphrase 1")).AccessToken,
            new { current_password = "my secret passphrase 1", new_password = "my next secret passphrase 3" });
        changed.StatusCode.Should().Be(HttpStatusCode.OK);

        fixture.Logs.Lines.Should().NotBeEmpty();
        foreach (var secret in new[] { "my secret passphrase 1", "a wrong secret passphrase 2", "my next secret passphrase 3",
                     verified.AccessToken, verified.RefreshToken, refreshed.RefreshToken })
        {
            fixture.Logs.All.Should().NotContain(secret);
        }
        fixture.Logs.Lines.Should().NotContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"(?<![0-9A-Za-z]){code}(?![0-9A-Za-z])"));
    }

    [Fact]
    public async Task Anonymous_chat_joins_the_new_account_at_signup_verify()
    {
        var chat = await Client.PostJsonAsync("/api/v1/chat/start", new { });
        var started = await chat.ReadAsync<StartChatResponse>();
        var email = AccountsTestKit.NewEmail("signup-merge");

        await fixture.SignupAndVerifyAsync(email, sessionToken: started.SessionToken);
        var laterVisit = await (await Client.PostJsonAsync("/api/v1/chat/start", new { })).ReadAsync<StartChatResponse>();
        await Client.LoginAsync(email, sessionToken: laterVisit.SessionToken);

        var history = await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", laterVisit.SessionToken)).ReadAsync<HistoryResponse>();
        history.Conversations.Should().ContainSingle(c => c.Id == started.ConversationId);
    }
}

[Collection("sqlite")]
public sealed class SqliteAccountSignupTests(SqliteAccountsFixture fixture) : AccountSignupTests(fixture), IClassFixture<SqliteAccountsFixture>;

[Collection("postgres")]
public sealed class PostgresAccountSignupTests(PostgresAccountsFixture fixture) : AccountSignupTests(fixture), IClassFixture<PostgresAccountsFixture>;
