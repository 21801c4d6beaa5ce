using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SalesMate.Api.Models;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Security;

/// <summary>Cookie-authenticated unsafe requests must come from an allowed origin; cookie form posts need an antiforgery token.</summary>
[Collection("sqlite")]
public sealed class CsrfTests : IAsyncLifetime
{
    private SecurityTestApp _app = null!;
    private StartChatResponse _chat = null!;

    public async Task InitializeAsync()
    {
        _app = await SecurityTestApp.StartAsync(DatabaseKind.Sqlite);
        await _app.AllowOriginsAsync("https://shop.example.com");
        _chat = await _app.StartChatAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    private string SessionCookie => $"salesmate_session={_chat.SessionToken}";

    /// <summary>What a browser sends for a page's POST with the session cookie (no script-set headers).</summary>
    private Task<HttpResponseMessage> CookiePostAsync(params (string, string)[] headers) =>
        _app.SendAsync(HttpMethod.Post, "/api/v1/chat/message", new { conversation_id = _chat.ConversationId, message = "laptops" },
            [("Cookie", SessionCookie), .. headers]);

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, string title)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("title").GetString().Should().Be(title);
    }

    private async Task<int> MessageCountAsync() =>
        (await (await _app.Client.SendWithSessionAsync(HttpMethod.Get, $"/api/v1/chat/{_chat.ConversationId}/messages", _chat.SessionToken))
            .ReadAsync<MessagesResponse>()).Messages.Count;

    [Fact]
    public async Task A_cross_origin_cookie_post_is_refused_and_changes_nothing()
    {
        await ShouldBeRefusedAsync(await CookiePostAsync(("Origin", "https://evil.example")), "Cross-site request refused");
        await ShouldBeRefusedAsync(await CookiePostAsync(("Origin", "null")), "Cross-site request refused");
        await ShouldBeRefusedAsync(await CookiePostAsync(("Referer", "https://evil.example/page")), "Cross-site request refused");
        await ShouldBeRefusedAsync(await CookiePostAsync(), "Cross-site request refused");
        var delete = await _app.SendAsync(HttpMethod.Delete, $"/api/v1/chat/{_chat.ConversationId}", null,
            ("Cookie", SessionCookie), ("Origin", "https://evil.example"));
        await ShouldBeRefusedAsync(delete, "Cross-site request refused");

        (await MessageCountAsync()).Should().Be(1, "only the greeting: nothing was sent and nothing deleted");
    }

    [Fact]
    public async Task Cookie_posts_from_the_app_itself_or_an_allowed_origin_and_header_authenticated_posts_pass()
    {
        (await CookiePostAsync(("Origin", _app.OwnOrigin))).StatusCode.Should().Be(HttpStatusCode.OK, "same origin");
        (await CookiePostAsync(("Referer", $"{_app.OwnOrigin}/chat"))).StatusCode.Should().Be(HttpStatusCode.OK, "same origin by Referer");
        (await CookiePostAsync(("Origin", "https://shop.example.com"))).StatusCode.Should().Be(HttpStatusCode.OK, "the tenant's widget");
        var header = await _app.SendAsync(HttpMethod.Post, "/api/v1/chat/message", new { conversation_id = _chat.ConversationId, message = "phones" },
            ("X-Session-Token", _chat.SessionToken!), ("Cookie", SessionCookie), ("Origin", "https://evil.example"));
        header.StatusCode.Should().Be(HttpStatusCode.OK, "a script-set X-Session-Token is not ambient authority (CORS already vetted it)");
        (await MessageCountAsync()).Should().Be(9);
    }

    [Fact]
    public async Task The_staff_sign_in_cookie_does_not_authenticate_requests_from_a_widget_origin()
    {
        var admin = await _app.SignInAsync(Core.Entities.Roles.TenantAdmin);
        var cookie = ("Cookie", $"salesmate_access={admin}");

        // The app's own pages: no Origin (navigations, same-origin GETs) or the app's own origin.
        (await _app.SendAsync(HttpMethod.Get, "/api/v1/admin/users", null, cookie)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _app.SendAsync(HttpMethod.Get, "/api/v1/admin/users", null, cookie, ("Origin", _app.OwnOrigin))).StatusCode
            .Should().Be(HttpStatusCode.OK);

        // The tenant's widget site may use the anonymous chat with credentials (CORS), but not the staff member's sign-in.
        var read = await _app.SendAsync(HttpMethod.Get, "/api/v1/admin/users", null, cookie, ("Origin", "https://shop.example.com"));
        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await read.Content.ReadAsStringAsync());
        var create = await _app.SendAsync(HttpMethod.Post, "/api/v1/admin/api-keys", new { name = "from the widget site" },
            cookie, ("Origin", "https://shop.example.com"), ("X-Session-Token", _chat.SessionToken!));
        create.StatusCode.Should().Be(HttpStatusCode.Unauthorized, await create.Content.ReadAsStringAsync());
        (await _app.CountAsync(db => db.ApiKeys)).Should().Be(0);
        var other = await _app.SendAsync(HttpMethod.Get, "/api/v1/admin/users", null, cookie, ("Origin", "https://evil.example"));
        other.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Cookie_form_posts_need_the_antiforgery_token_even_from_the_same_origin()
    {
        var form = () => new FormUrlEncodedContent([new("message", "laptops")]);
        var without = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message") { Content = form() };
        without.Headers.Add("Cookie", SessionCookie);
        without.Headers.Add("Origin", _app.OwnOrigin);
        await ShouldBeRefusedAsync(await _app.Client.SendAsync(without), "Antiforgery token missing or invalid");

        var tokenResponse = await _app.Client.GetAsync("/api/v1/antiforgery/token");
        tokenResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        token.GetProperty("header_name").GetString().Should().Be("X-CSRF-TOKEN");
        token.GetProperty("form_field_name").GetString().Should().Be("__RequestVerificationToken");
        var antiforgeryCookie = tokenResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("salesmate_antiforgery=", StringComparison.Ordinal));
        antiforgeryCookie.ToLowerInvariant().Should().Contain("httponly").And.Contain("samesite=strict");

        var with = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message") { Content = form() };
        with.Headers.Add("Cookie", $"{SessionCookie}; {antiforgeryCookie.Split(';')[0]}");
        with.Headers.Add("Origin", _app.OwnOrigin);
        with.Headers.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
        var passed = await _app.Client.SendAsync(with);
        passed.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType, "past the CSRF checks, the endpoint itself only takes JSON");

        var stolen = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/message") { Content = form() };
        stolen.Headers.Add("Cookie", SessionCookie);
        stolen.Headers.Add("Origin", _app.OwnOrigin);
        stolen.Headers.Add("X-CSRF-TOKEN", token.GetProperty("token").GetString());
        await ShouldBeRefusedAsync(await _app.Client.SendAsync(stolen), "Antiforgery token missing or invalid");
    }
}
