using System.Net;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Security;

/// <summary>CORS answers only the tenant's allowed widget origins: never null, never a wildcard.</summary>
public abstract class CorsTests(DatabaseKind kind)
{
    private const string Shop = "https://shop.example.com";

    private static Task<HttpResponseMessage> PreflightAsync(SecurityTestApp app, string origin, string url = "/api/v1/chat/message") =>
        app.SendAsync(HttpMethod.Options, url, null, ("Origin", origin), ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type,x-session-token,idempotency-key"));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_granted_with_credentials_and_the_chat_headers()
    {
        await using var app = await SecurityTestApp.StartAsync(kind);
        await app.AllowOriginsAsync(Shop, "https://www.other-shop.example:8443/");

        var response = await PreflightAsync(app, Shop);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        Header(response, "Access-Control-Allow-Origin").Should().Be(Shop);
        Header(response, "Access-Control-Allow-Credentials").Should().Be("true");
        Header(response, "Access-Control-Allow-Methods").Should().Contain("POST");
        Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant().Should().Contain("x-session-token").And.Contain("idempotency-key");
        Header(await PreflightAsync(app, "https://www.other-shop.example:8443"), "Access-Control-Allow-Origin")
            .Should().Be("https://www.other-shop.example:8443", "a configured trailing slash does not matter");

        var actual = await app.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("Origin", Shop));
        actual.StatusCode.Should().Be(HttpStatusCode.OK);
        Header(actual, "Access-Control-Allow-Origin").Should().Be(Shop);
        Header(actual, "Vary").Should().Contain("Origin");
    }

    [Fact]
    public async Task Other_origins_null_and_wildcards_are_never_granted()
    {
        await using var app = await SecurityTestApp.StartAsync(kind);
        (await PreflightAsync(app, Shop)).Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse("no origins are allowed yet");

        await app.AllowOriginsAsync(Shop, "*", "null", "https://*.example.com", "javascript:alert(1)");
        foreach (var origin in new[] { "https://evil.example", "null", "https://sub.example.com", "http://shop.example.com", "https://shop.example.com.evil.example" })
        {
            var preflight = await PreflightAsync(app, origin);
            preflight.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse($"{origin} is not allowed");
            preflight.Headers.Contains("Access-Control-Allow-Credentials").Should().BeFalse();
            var actual = await app.SendAsync(HttpMethod.Get, "/api/v1/products", null, ("Origin", origin));
            actual.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse($"{origin} must not read responses");
        }
        Header(await PreflightAsync(app, Shop), "Access-Control-Allow-Origin").Should().Be(Shop, "the valid entry still works");
    }
}

[Collection("sqlite")]
public sealed class SqliteCorsTests() : CorsTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresCorsTests() : CorsTests(DatabaseKind.Postgres);
