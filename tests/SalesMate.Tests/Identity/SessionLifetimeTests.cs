using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Api.Models;
using SalesMate.Services.Conversations;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Identity;

/// <summary>The anonymous session cookie's attributes, inactivity expiry, and the janitor that deletes what expired.</summary>
public abstract class SessionLifetimeTests(IdentityAppFixture fixture)
{
    private HttpClient Client => fixture.Client;

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("salesmate_session=", StringComparison.Ordinal));

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_lax_and_lives_as_long_as_the_session()
    {
        var response = await Client.PostJsonAsync("/api/v1/chat/start", new { });
        var cookie = SessionCookie(response).ToLowerInvariant();
        cookie.Should().Contain("httponly").And.Contain("samesite=lax").And.Contain("path=/").And.Contain("max-age=2592000");
        cookie.Should().NotContain("secure", "plain HTTP in development cannot carry a Secure cookie");
        var token = (await response.ReadAsync<StartChatResponse>()).SessionToken;
        cookie.Should().StartWith($"salesmate_session={token!.ToLowerInvariant()};");

        var again = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/start") { Content = JsonContent(new { }) };
        again.Headers.Add("Cookie", $"salesmate_session={token}");
        again.Headers.Add("Origin", Client.BaseAddress!.GetLeftPart(UriPartial.Authority)); // a cookie POST must pass the CSRF origin check
        var resumed = await Client.SendAsync(again);
        (await resumed.ReadAsync<StartChatResponse>()).SessionToken.Should().BeNull("the session is reused");
        SessionCookie(resumed).Should().Contain("max-age=2592000", "the cookie's lifetime slides with activity");
    }

    [Fact]
    public async Task In_production_the_session_cookie_is_secure()
    {
        var (app, client) = fixture.StartInstance(new Dictionary<string, string> { ["environment"] = "Production" });
        using (client)
        {
            var cookie = SessionCookie(await client.PostJsonAsync("/api/v1/chat/start", new { })).ToLowerInvariant();
            cookie.Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=lax");
        }
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Over_https_the_session_cookie_is_secure()
    {
        using var certificate = SelfSignedCertificate();
        var app = fixture.Factory.WithWebHostBuilder(_ => { });
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address.Should().StartWith("https://");
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
        }) { BaseAddress = new Uri(address) };

        var cookie = SessionCookie(await client.PostJsonAsync("/api/v1/chat/start", new { })).ToLowerInvariant();
        cookie.Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=lax");
        await app.DisposeAsync();
    }

    [Fact]
    public async Task A_session_idle_longer_than_the_ttl_is_unknown_and_a_new_one_is_issued()
    {
        var idle = await fixture.StartChatAsync();
        var active = await fixture.StartChatAsync();
        fixture.Clock.Advance(TimeSpan.FromDays(29));
        (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", active.SessionToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        fixture.Clock.Advance(TimeSpan.FromDays(2));

        (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", idle.SessionToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var message = await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = idle.ConversationId, message = "hi" }, idle.SessionToken);
        message.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", active.SessionToken)).StatusCode
            .Should().Be(HttpStatusCode.OK, "activity two days ago keeps it alive");

        var restarted = await fixture.StartChatAsync(token: idle.SessionToken);
        restarted.SessionToken.Should().NotBeNullOrEmpty().And.NotBe(idle.SessionToken);
    }

    [Fact]
    public async Task The_janitor_deletes_expired_anonymous_sessions_but_keeps_linked_and_active_ones()
    {
        var email = IdentityAppFixture.NewEmail();
        var anonymous = await fixture.StartChatAsync();
        await Client.PostJsonAsync("/api/v1/chat/message", new { conversation_id = anonymous.ConversationId, message = "a laptop under 1000" }, anonymous.SessionToken);
        var linked = await fixture.StartChatAsync();
        (await fixture.RequestCodeAsync(linked.SessionToken, email, "link_session")).EnsureSuccessStatusCode();
        (await fixture.VerifyAsync(linked.SessionToken, email, fixture.Outbox.LatestCode(email))).EnsureSuccessStatusCode();
        fixture.Clock.Advance(TimeSpan.FromDays(31));
        var fresh = await fixture.StartChatAsync();

        var janitor = fixture.App.Services.GetRequiredService<SessionJanitor>();
        (await janitor.PurgeAsync(CancellationToken.None)).Should().BeGreaterThanOrEqualTo(1);

        var conversationIds = await fixture.DbAsync(db => db.Conversations.Select(c => c.Id).ToListAsync());
        conversationIds.Should().NotContain(anonymous.ConversationId).And.Contain([linked.ConversationId, fresh.ConversationId]);
        (await fixture.DbAsync(db => db.Messages.CountAsync(m => m.ConversationId == anonymous.ConversationId))).Should().Be(0);
        (await fixture.DbAsync(db => db.Sessions.CountAsync(s => s.Email == email))).Should().Be(1);

        var returning = await fixture.StartChatAsync();
        (await fixture.RequestCodeAsync(returning.SessionToken, email, "link_session")).EnsureSuccessStatusCode();
        (await fixture.VerifyAsync(returning.SessionToken, email, fixture.Outbox.LatestCode(email))).EnsureSuccessStatusCode();
        var history = await (await Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", returning.SessionToken)).ReadAsync<HistoryResponse>();
        history.Conversations.Select(c => c.Id).Should().Contain(linked.ConversationId, "linked history outlives the token");
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object body) => System.Net.Http.Json.JsonContent.Create(body, options: SalesMateFactory.Json);

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}

[Collection("sqlite")]
public sealed class SqliteSessionLifetimeTests(SqliteIdentityAppFixture fixture) : SessionLifetimeTests(fixture), IClassFixture<SqliteIdentityAppFixture>;

[Collection("postgres")]
public sealed class PostgresSessionLifetimeTests(PostgresIdentityAppFixture fixture) : SessionLifetimeTests(fixture), IClassFixture<PostgresIdentityAppFixture>;
