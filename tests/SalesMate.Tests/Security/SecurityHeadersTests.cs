using System.Net;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Security;

/// <summary>Security headers on every kind of API response, frame-ancestors per tenant, HSTS only in production over HTTPS.</summary>
public abstract class SecurityHeadersTests(DatabaseKind kind)
{
    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : null;

    [Fact]
    public async Task Every_api_response_carries_the_security_headers_and_no_store()
    {
        await using var app = await SecurityTestApp.StartAsync(kind);
        var chat = await app.StartChatAsync();
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["200 json"] = await app.Client.GetAsync("/api/v1/products"),
            ["200 chat"] = await app.Client.SendWithSessionAsync(HttpMethod.Get, "/api/v1/chat/history", chat.SessionToken),
            ["401 problem"] = await app.Client.GetAsync("/api/v1/chat/history"),
            ["404 problem"] = await app.Client.GetAsync($"/api/v1/products/{Guid.NewGuid()}"),
            ["400 problem"] = await app.SendAsync(HttpMethod.Post, "/api/v1/chat/message", new { }, ("X-Session-Token", chat.SessionToken!)),
            ["401 openai"] = await app.Client.GetAsync("/v1/models"),
            ["401 sse"] = await app.Client.GetAsync("/events/stream?stream_id=x"),
            ["200 health"] = await app.Client.GetAsync("/health"),
        };
        foreach (var (name, response) in responses)
        {
            var csp = Header(response, "Content-Security-Policy");
            csp.Should().NotBeNull(name);
            csp!.Split(';', StringSplitOptions.TrimEntries).Should().Contain(["default-src 'self'", "object-src 'none'", "base-uri 'none'",
                "frame-ancestors 'none'"], name);
            Header(response, "X-Frame-Options").Should().Be("DENY", name);
            Header(response, "X-Content-Type-Options").Should().Be("nosniff", name);
            Header(response, "Referrer-Policy").Should().Be("strict-origin-when-cross-origin", name);
            Header(response, "Cache-Control").Should().Be("no-store", name);
            Header(response, "Strict-Transport-Security").Should().BeNull($"{name}: not in production");
        }
        responses["401 problem"].StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        responses["400 problem"].StatusCode.Should().Be(HttpStatusCode.BadRequest);
        Header(await app.Client.GetAsync("/no-such-page"), "Cache-Control").Should().BeNull("only API paths are no-store");
    }

    [Fact]
    public async Task A_tenant_with_widget_origins_may_be_framed_by_them_only()
    {
        await using var app = await SecurityTestApp.StartAsync(kind);
        await app.AllowOriginsAsync("https://shop.example.com", "https://blog.example.com");

        var response = await app.Client.GetAsync("/api/v1/products");

        Header(response, "Content-Security-Policy").Should().EndWith("frame-ancestors https://blog.example.com https://shop.example.com");
        Header(response, "X-Frame-Options").Should().BeNull("it cannot name origins; CSP frame-ancestors decides");
        Header(await app.Client.GetAsync("/health"), "Content-Security-Policy").Should().EndWith("frame-ancestors 'none'", "no tenant, no framing");
    }

    [Fact]
    public async Task A_change_of_widget_origins_changes_frame_ancestors_on_the_next_response()
    {
        await using var app = await SecurityTestApp.StartAsync(kind);
        await app.AllowOriginsAsync("https://shop.example.com");
        Header(await app.Client.GetAsync("/api/v1/products"), "Content-Security-Policy").Should().EndWith("frame-ancestors https://shop.example.com");
        Header(await app.Client.GetAsync("/api/v1/products"), "Content-Security-Policy").Should().EndWith("frame-ancestors https://shop.example.com");

        await app.AllowOriginsAsync("https://new.example.com");
        Header(await app.Client.GetAsync("/api/v1/products"), "Content-Security-Policy").Should().EndWith("frame-ancestors https://new.example.com");
        await app.AllowOriginsAsync();
        var response = await app.Client.GetAsync("/api/v1/products");
        Header(response, "Content-Security-Policy").Should().EndWith("frame-ancestors 'none'");
        Header(response, "X-Frame-Options").Should().Be("DENY");
    }

    [Fact]
    public async Task Hsts_is_sent_in_production_over_https_as_seen_by_a_trusted_proxy_only()
    {
        var https = ("X-Forwarded-Proto", "https");
        var production = new Dictionary<string, string> { ["environment"] = "Production", ["app:trusted_proxies:0"] = "127.0.0.1/8" };
        await using (var app = await SecurityTestApp.StartAsync(kind, production))
        {
            Header(await app.SendAsync(HttpMethod.Get, "/api/v1/products", null, https), "Strict-Transport-Security").Should().Be("max-age=31536000");
            Header(await app.SendAsync(HttpMethod.Get, "/health", null, https), "Strict-Transport-Security").Should().Be("max-age=31536000");
            Header(await app.Client.GetAsync("/api/v1/products"), "Strict-Transport-Security").Should().BeNull("plain HTTP");
        }
        await using (var untrusted = await SecurityTestApp.StartAsync(kind, new Dictionary<string, string> { ["environment"] = "Production" }))
        {
            Header(await untrusted.SendAsync(HttpMethod.Get, "/api/v1/products", null, https), "Strict-Transport-Security")
                .Should().BeNull("X-Forwarded-Proto from an untrusted address is ignored");
        }
        var development = new Dictionary<string, string> { ["app:trusted_proxies:0"] = "127.0.0.1" };
        await using var dev = await SecurityTestApp.StartAsync(kind, development);
        Header(await dev.SendAsync(HttpMethod.Get, "/api/v1/products", null, https), "Strict-Transport-Security").Should().BeNull("not production");
    }
}

[Collection("sqlite")]
public sealed class SqliteSecurityHeadersTests() : SecurityHeadersTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresSecurityHeadersTests() : SecurityHeadersTests(DatabaseKind.Postgres);
