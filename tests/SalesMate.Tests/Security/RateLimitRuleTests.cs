using System.Net;
using System.Text.Json;
using SalesMate.Tests.Infrastructure;
using static SalesMate.Tests.Security.RateLimitTests;

namespace SalesMate.Tests.Security;

/// <summary>Which requests share a budget: users across sessions, auth routes by address, API keys, trusted proxies.</summary>
[Collection("sqlite")]
public sealed class RateLimitRuleTests
{
    [Fact]
    public async Task A_signed_in_user_has_one_budget_whichever_chat_session_it_sends()
    {
        await using var app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, Limits(("user", 3)));
        var token = await app.SignInAsync();
        var bearer = ("Authorization", $"Bearer {token}");
        for (var i = 0; i < 3; i++)
        {
            var response = await app.SendAsync(HttpMethod.Get, "/api/v1/products", null, bearer, ("X-Session-Token", $"session-{i}"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await ShouldBeRefusedAsync(await app.SendAsync(HttpMethod.Get, "/api/v1/products", null, bearer, ("X-Session-Token", "session-new")),
            "user", 3600);
        (await app.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("X-Session-Token", "another-visitor"))).StatusCode
            .Should().Be(HttpStatusCode.OK, "an anonymous session has a budget of its own");
        (await app.Client.GetAsync("/api/v1/products")).StatusCode.Should().Be(HttpStatusCode.OK, "no caller: only the address limit applies");
    }

    [Fact]
    public async Task Auth_otp_and_privacy_posts_share_one_budget_per_address_whatever_session_token_is_sent()
    {
        await using var app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, Limits(("auth", 2)));
        var login = await app.SendAsync(HttpMethod.Post, "/api/v1/auth/login", new { }, ("X-Session-Token", "guess-1"));
        login.StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
        var otp = await app.SendAsync(HttpMethod.Post, "/api/v1/otp/request", new { }, ("X-Session-Token", "guess-2"));
        otp.StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
        (await app.Client.GetAsync("/api/v1/auth/me")).StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests, "reads are not counted");

        await ShouldBeRefusedAsync(await app.SendAsync(HttpMethod.Post, "/api/v1/privacy/export", new { }, ("X-Session-Token", "guess-3")), "auth", 60);
        await ShouldBeRefusedAsync(await app.SendAsync(HttpMethod.Post, "/api/v1/auth/signup", new { }), "auth", 60);
        (await app.StartChatAsync()).SessionToken.Should().NotBeNullOrEmpty("other routes are not in the auth class");
    }

    [Fact]
    public async Task Chat_completions_over_the_limit_answer_429_in_openai_error_shape()
    {
        await using var app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, Limits(("chat", 1)));
        var key = await app.CreateApiKeyAsync();
        var bearer = ("Authorization", $"Bearer {key}");
        var request = new { model = "salesmate/sales-consultant", messages = new[] { new { role = "user", content = "a laptop" } } };
        (await app.SendAsync(HttpMethod.Post, "/v1/chat/completions", request, bearer)).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await app.SendAsync(HttpMethod.Post, "/v1/chat/completions", request, bearer);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 60);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        error.GetProperty("code").GetString().Should().Be("rate_limit_exceeded");
        error.GetProperty("type").GetString().Should().Be("requests");
        error.GetProperty("message").GetString().Should().Contain("chat messages");
        (await app.SendAsync(HttpMethod.Get, "/v1/models", null, bearer)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task X_Forwarded_For_names_the_client_only_when_the_proxy_is_trusted()
    {
        var settings = Limits(("ip", 2));
        settings["app:trusted_proxies:0"] = "127.0.0.1";
        await using (var behindProxy = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, settings))
        {
            var first = ("X-Forwarded-For", "203.0.113.7");
            (await behindProxy.SendAsync(HttpMethod.Get, "/api/v1/products", null, first)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await behindProxy.SendAsync(HttpMethod.Get, "/api/v1/products", null, first)).StatusCode.Should().Be(HttpStatusCode.OK);
            await ShouldBeRefusedAsync(await behindProxy.SendAsync(HttpMethod.Get, "/api/v1/products", null, first), "ip", 60);
            (await behindProxy.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("X-Forwarded-For", "198.51.100.1, 203.0.113.8")))
                .StatusCode.Should().Be(HttpStatusCode.OK, "another client behind the proxy (the right-most untrusted address counts)");
        }

        await using var direct = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, Limits(("ip", 2)));
        (await direct.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("X-Forwarded-For", "203.0.113.7"))).EnsureSuccessStatusCode();
        (await direct.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("X-Forwarded-For", "203.0.113.8"))).EnsureSuccessStatusCode();
        await ShouldBeRefusedAsync(await direct.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("X-Forwarded-For", "203.0.113.9")), "ip", 60);
    }

    [Fact]
    public async Task A_widget_on_an_allowed_origin_can_read_its_429()
    {
        await using var app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite, Limits(("chat", 1)));
        await app.AllowOriginsAsync("https://shop.example.com");
        var chat = await app.StartChatAsync();
        var origin = ("Origin", "https://shop.example.com");
        (await SendMessageAsync(app, chat, origin)).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await SendMessageAsync(app, chat, origin);
        await ShouldBeRefusedAsync(refused, "chat", 60);
        refused.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://shop.example.com");
        refused.Headers.GetValues("Access-Control-Expose-Headers").Single().Should().Contain("Retry-After");
    }
}
