using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace SalesMate.Tests.Browser;

/// <summary>The embeddable widget on a plain page served by another origin (a second Kestrel on another port).</summary>
[Collection("browser")]
public sealed class WidgetBrowserTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    [Fact]
    public async Task The_widget_chats_across_origins_under_the_tenants_allow_list_and_remembers_the_visitor()
    {
        await using var shop = await StartShopAsync(fixture.BaseUrl);
        await fixture.AllowOriginAsync(shop.Origin);

        await using var context = await fixture.Host.NewContextAsync(shop.Origin);
        var page = await context.NewPageAsync();
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Shop with us");
        var launcher = page.Locator("#salesmate-widget .smw-launcher");
        await Assertions.Expect(launcher).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await BrowserHost.ScreenshotAsync(page, "06-widget-closed");

        await launcher.ClickAsync();
        var pane = page.Locator("#salesmate-widget .smw-pane");
        await Assertions.Expect(pane.Locator(".sm-assistant .sm-body").First).Not.ToBeEmptyAsync(new() { Timeout = 15_000 }); // greeting
        await pane.Locator("textarea").FillAsync("noise cancelling headphones under $300");
        await pane.Locator("textarea").PressAsync("Control+Enter");
        await Assertions.Expect(pane.Locator(".sm-card").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(pane.Locator(".sm-feedback").Last).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await BrowserHost.ScreenshotAsync(page, "07-widget-answer");

        // The session token lives in the shop's localStorage and travels in a header, never in a URL.
        var token = await page.EvaluateAsync<string?>("Object.keys(localStorage).filter(k => k.endsWith(':session')).map(k => localStorage.getItem(k))[0] ?? null");
        token.Should().NotBeNullOrEmpty();
        urls.Should().NotContain(u => u.Contains(token!));
        (await page.EvaluateAsync<bool>("typeof window.marked === 'undefined' && typeof window.DOMPurify === 'undefined'")).Should().BeTrue("the bundle keeps its libraries out of the host page");

        await page.ReloadAsync();
        await page.Locator("#salesmate-widget .smw-launcher").ClickAsync();
        await Assertions.Expect(page.Locator("#salesmate-widget .sm-user").First).ToContainTextAsync("noise cancelling headphones under $300",
            new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task A_site_that_is_not_allowed_gets_no_answers()
    {
        await using var shop = await StartShopAsync(fixture.BaseUrl);
        await fixture.AllowOriginAsync("https://only-this-shop.example");
        await using var context = await fixture.Host.NewContextAsync(shop.Origin);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("#salesmate-widget .smw-launcher").ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#salesmate-widget .sm-error")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#salesmate-widget .sm-error")).ToContainTextAsync("cannot be reached"); // not the browser's "Failed to fetch"
        (await page.Locator("#salesmate-widget .sm-card").CountAsync()).Should().Be(0);
    }

    private static async Task<ShopSite> StartShopAsync(string salesMate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Shop</title>
            <style>body { font: 16px Georgia, serif; margin: 3rem; color: #333; } h1 { color: #8a3b12; }</style></head>
            <body><h1>Shop with us</h1><p>A plain page on another origin that embeds the SalesMate widget.</p>
            <script src="{{salesMate}}/widget.js" data-tenant="demo" data-agent="sales" async></script></body></html>
            """;
        app.MapGet("/", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ShopSite(app, address.TrimEnd('/'));
    }

    private sealed record ShopSite(WebApplication App, string Origin) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
