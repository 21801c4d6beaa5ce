using System.Net;
using System.Text.Json;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Tenancy;

/// <summary>
/// A /t/{slug} URL on a single-tenant server is still a 404, but says why and what to use instead: a short page for a
/// browser, problem details for API clients (and for API routes, whoever asks).
/// </summary>
[Collection("sqlite")]
public sealed class SingleTenantPrefixTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    [Theory]
    [InlineData("GET", "/t/acme/api/v1/products", "/api/v1/products", null)]
    [InlineData("GET", "/t/demo/api/v1/products?page=2", "/api/v1/products", "text/html,application/xhtml+xml")]
    [InlineData("POST", "/t/demo/api/v1/chat/start", "/api/v1/chat/start", null)]
    [InlineData("GET", "/t/demo/a/sales/api/v1/personas", "/a/sales/api/v1/personas", "application/json")]
    public async Task An_api_request_gets_problem_details_naming_app_mode(string method, string url, string instead, string? accept)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        if (method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await fixture.Client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("title").GetString().Should().Be("Tenant URLs need multi-tenant mode");
        problem.GetProperty("detail").GetString().Should().Contain("app.mode: single-tenant").And.Contain("app.mode: multi-tenant")
            .And.Contain($"use {instead} instead").And.Contain("'demo'");
        problem.GetProperty("setting").GetString().Should().Be("app.mode");
        problem.GetProperty("url").GetString().Should().Be(instead);
    }

    [Fact]
    public async Task A_browser_gets_a_short_page_linking_the_same_page_without_the_prefix()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/t/acme/chat?x=1");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        using var response = await fixture.Client.SendAsync(request);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, html);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("<h1>Tenant URLs need multi-tenant mode</h1>").And.Contain("<code>app.mode: multi-tenant</code>")
            .And.Contain("APP__MODE=multi-tenant").And.Contain("<a href=\"/chat?x=1\">");
        response.Headers.Contains("Content-Security-Policy").Should().BeTrue("the page gets the app's security headers");
    }

    [Theory]
    [InlineData("/t")]
    [InlineData("/t/")]
    [InlineData("/tenants/demo")]
    public async Task Paths_that_name_no_tenant_are_left_alone(string url)
    {
        using var response = await fixture.Client.GetAsync(url);

        (await response.Content.ReadAsStringAsync()).Should().NotContain("multi-tenant mode");
    }
}
