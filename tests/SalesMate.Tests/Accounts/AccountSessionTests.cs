using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Services.Auth;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Accounts;

/// <summary>Sign-in, refresh rotation and reuse, logout, password change and deactivation over real HTTP.</summary>
public abstract class AccountSessionTests(AccountsAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Login_answers_identically_for_unknown_email_wrong_password_unverified_and_deactivated_accounts()
    {
        var verified = AccountsTestKit.NewEmail("known");
        var unverified = AccountsTestKit.NewEmail("unverified");
        var deactivated = AccountsTestKit.NewEmail("deactivated");
        await fixture.CreateUserAsync(verified);
        await fixture.CreateUserAsync(unverified, verified: false);
        var deactivatedId = await fixture.CreateUserAsync(deactivated);
        await fixture.WithDbAsync(db => db.Users.Where(u => u.Id == deactivatedId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var (email, password) in new[]
                 {
                     (AccountsTestKit.NewEmail("nobody"), AccountsTestKit.GoodPassword),
                     (verified, "wrong password 123"),
                     (unverified, AccountsTestKit.GoodPassword),
                     (deactivated, AccountsTestKit.GoodPassword),
                     ("not-an-email", AccountsTestKit.GoodPassword),
                 })
        {
            var response = await Client.PostJsonAsync("/api/v1/auth/login", new { email, password });
            answers.Add((response.StatusCode, await response.BodyWithoutRequestIdAsync()));
        }

        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.Unauthorized);
        answers.Select(a => a.Body).Distinct().Should().ContainSingle().Which.Should().Contain(AuthService.InvalidCredentials);
        (await Client.LoginAsync(verified)).User.Email.Should().Be(verified, "the right password still works");
    }

    [Fact]
    public async Task Login_email_is_case_insensitive_and_me_describes_the_account_and_session()
    {
        var email = AccountsTestKit.NewEmail("me");
        var userId = await fixture.CreateUserAsync(email);

        var tokens = await Client.LoginAsync("  " + email.ToUpperInvariant() + " ");
        tokens.TokenType.Should().Be("Bearer");
        tokens.ExpiresIn.Should().BeCloseTo(15 * 60, 5);
        tokens.RefreshExpiresAt.Should().BeCloseTo(fixture.Clock.GetUtcNow().UtcDateTime.AddDays(7), TimeSpan.FromMinutes(1));

        var me = await (await Client.SendAsync(HttpMethod.Get, "/api/v1/auth/me", tokens.AccessToken)).ReadAsync<MeResponse>();
        me.User.Id.Should().Be(userId);
        me.User.Email.Should().Be(email);
        me.User.Role.Should().Be("user");
        me.User.EmailVerified.Should().BeTrue();
        me.SessionExpiresAt.Should().Be(tokens.RefreshExpiresAt);

        (await Client.SendAsync(HttpMethod.Get, "/api/v1/auth/me", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.SendAsync(HttpMethod.Get, "/api/v1/users/me", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_rotates_the_token_and_never_extends_the_session()
    {
        var email = AccountsTestKit.NewEmail("rotate");
        await fixture.CreateUserAsync(email);
        var first = await Client.LoginAsync(email);

        var second = await (await Client.RefreshAsync(first.RefreshToken)).ReadAsync<TokenResponse>();
        var third = await (await Client.RefreshAsync(second.RefreshToken)).ReadAsync<TokenResponse>();

        new[] { first.RefreshToken, second.RefreshToken, third.RefreshToken }.Should().OnlyHaveUniqueItems();
        third.RefreshExpiresAt.Should().Be(first.RefreshExpiresAt, "rotation keeps the absolute end of the session");
        (await Client.MeStatusAsync(third.AccessToken)).Should().Be(HttpStatusCode.OK);
        var stored = await fixture.WithDbAsync(async (db, _) => await db.RefreshTokens.AsNoTracking().Select(t => t.TokenHash).ToListAsync());
        stored.Should().NotContain(second.RefreshToken, "only hashes are stored");
    }

    [Fact]
    public async Task A_reused_refresh_token_ends_the_whole_session_including_its_access_tokens()
    {
        var email = AccountsTestKit.NewEmail("reuse");
        await fixture.CreateUserAsync(email);
        var stolen = await Client.LoginAsync(email);
        var other = await Client.LoginAsync(email);
        var rotated = await (await Client.RefreshAsync(stolen.RefreshToken)).ReadAsync<TokenResponse>();

        var replay = await Client.RefreshAsync(stolen.RefreshToken);

        replay.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await replay.ReadAsync<ProblemDetails>()).Detail.Should().Contain("already used");
        (await Client.RefreshAsync(rotated.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(rotated.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(stolen.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(other.AccessToken)).Should().Be(HttpStatusCode.OK, "another sign-in of the same user is another family");
        var reasons = await fixture.WithDbAsync(async (db, _) =>
            await db.AuthSessions.Where(s => s.UserId == rotated.User.Id).Select(s => s.RevokedReason).ToListAsync());
        reasons.Should().BeEquivalentTo([SessionEndReasons.RefreshReuse, null]);
    }

    [Fact]
    public async Task Unknown_or_garbage_refresh_tokens_are_rejected()
    {
        (await Client.RefreshAsync("not-a-token")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.RefreshAsync(new string('x', 500))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.PostJsonAsync("/api/v1/auth/refresh", new { })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_the_session_for_access_and_refresh_tokens_but_not_other_sessions()
    {
        var email = AccountsTestKit.NewEmail("logout");
        await fixture.CreateUserAsync(email);
        var laptop = await Client.LoginAsync(email);
        var phone = await Client.LoginAsync(email);

        (await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", laptop.AccessToken)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Client.MeStatusAsync(laptop.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.RefreshAsync(laptop.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(phone.AccessToken)).Should().Be(HttpStatusCode.OK);

        // With only the refresh token (the access token has expired, say) logout works too.
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", null, new { refresh_token = phone.RefreshToken }))
            .StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Client.MeStatusAsync(phone.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/logout", null, new { })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Password_change_ends_every_session_and_continues_in_a_new_one()
    {
        var email = AccountsTestKit.NewEmail("change");
        await fixture.CreateUserAsync(email);
        var here = await Client.LoginAsync(email);
        var elsewhere = await Client.LoginAsync(email);
        const string newPassword = "a brand new passphrase 7";

        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/password", here.AccessToken,
            new { current_password = AccountsTestKit.GoodPassword, new_password = newPassword });

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var fresh = await response.ReadAsync<TokenResponse>();
        (await Client.MeStatusAsync(fresh.AccessToken)).Should().Be(HttpStatusCode.OK);
        (await Client.MeStatusAsync(here.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(elsewhere.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.RefreshAsync(elsewhere.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.PostJsonAsync("/api/v1/auth/login", new { email, password = AccountsTestKit.GoodPassword }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.LoginAsync(email, newPassword)).User.Email.Should().Be(email);
    }

    [Theory]
    [InlineData("wrong current password", "a brand new passphrase 7", "current_password", "not correct")]
    [InlineData(AccountsTestKit.GoodPassword, "short", "new_password", "at least 8")]
    [InlineData(AccountsTestKit.GoodPassword, "password123", "new_password", "most common")]
    [InlineData(AccountsTestKit.GoodPassword, AccountsTestKit.GoodPassword, "new_password", "differ")]
    public async Task Password_change_explains_which_rule_failed(string current, string next, string field, string message)
    {
        var email = AccountsTestKit.NewEmail("rules");
        await fixture.CreateUserAsync(email);
        var tokens = await Client.LoginAsync(email);

        var response = await Client.SendAsync(HttpMethod.Post, "/api/v1/auth/password", tokens.AccessToken,
            new { current_password = current, new_password = next });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.ReadAsync<ValidationProblemDetails>()).Errors[field].Single().Should().Contain(message);
        (await Client.MeStatusAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.OK, "a refused change ends nothing");
    }

    [Fact]
    public async Task Deactivated_user_is_locked_out_at_once()
    {
        var email = AccountsTestKit.NewEmail("deactivate");
        var userId = await fixture.CreateUserAsync(email);
        var tokens = await Client.LoginAsync(email);

        await fixture.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false)));

        (await Client.MeStatusAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await Client.RefreshAsync(tokens.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.PostJsonAsync("/api/v1/auth/login", new { email, password = AccountsTestKit.GoodPassword }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deactivate_through_the_service_ends_all_sessions_with_a_reason()
    {
        var email = AccountsTestKit.NewEmail("admin-deactivate");
        var userId = await fixture.CreateUserAsync(email);
        var tokens = await Client.LoginAsync(email);

        await fixture.WithDbAsync(async (_, services) =>
        {
            await services.GetRequiredService<AuthService>().DeactivateAsync(userId, CancellationToken.None);
            return true;
        });

        (await Client.MeStatusAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        var reasons = await fixture.WithDbAsync(async (db, _) => await db.AuthSessions.Where(s => s.UserId == userId).Select(s => s.RevokedReason).ToListAsync());
        reasons.Should().Equal(SessionEndReasons.Deactivated);
    }

    [Fact]
    public async Task Access_tokens_expire_after_15_minutes_and_sessions_after_7_days_whatever_the_refreshes()
    {
        var email = AccountsTestKit.NewEmail("expiry");
        await fixture.CreateUserAsync(email);
        var tokens = await Client.LoginAsync(email);

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));
        (await Client.MeStatusAsync(tokens.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        var refreshed = await (await Client.RefreshAsync(tokens.RefreshToken)).ReadAsync<TokenResponse>();
        (await Client.MeStatusAsync(refreshed.AccessToken)).Should().Be(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromDays(6));
        refreshed = await (await Client.RefreshAsync(refreshed.RefreshToken)).ReadAsync<TokenResponse>();
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        (await Client.RefreshAsync(refreshed.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.MeStatusAsync(refreshed.AccessToken)).Should().Be(HttpStatusCode.Unauthorized, "the session itself has ended");
    }

    [Fact]
    public async Task A_hash_below_the_current_iterations_is_upgraded_at_the_next_login()
    {
        var email = AccountsTestKit.NewEmail("rehash");
        var salt = new byte[16];
        var weak = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(AccountsTestKit.GoodPassword, salt, 1000,
            System.Security.Cryptography.HashAlgorithmName.SHA512, 64);
        var userId = await fixture.CreateUserAsync(email,
            passwordHash: $"$pbkdf2-sha512$v=1$i=1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(weak)}");

        await Client.LoginAsync(email);

        var stored = await fixture.WithDbAsync(async (db, _) => await db.Users.Where(u => u.Id == userId).Select(u => u.PasswordHash).SingleAsync());
        stored.Should().StartWith("$pbkdf2-sha512$v=1$i=220000$");
        await Client.LoginAsync(email);
    }
}

[Collection("sqlite")]
public sealed class SqliteAccountSessionTests(SqliteAccountsFixture fixture) : AccountSessionTests(fixture), IClassFixture<SqliteAccountsFixture>;

[Collection("postgres")]
public sealed class PostgresAccountSessionTests(PostgresAccountsFixture fixture) : AccountSessionTests(fixture), IClassFixture<PostgresAccountsFixture>;
