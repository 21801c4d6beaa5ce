using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SalesMate.Database;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Browser;

/// <summary>The chat page in a real browser against the real app: personas demo, streamed answers, cards, history, 360 px.</summary>
[Collection("browser")]
public sealed class ChatPageBrowserTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_persona_chat_streams_an_answer_with_product_cards_and_the_history_reads_without_javascript()
    {
        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".sm-empty-state")).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(page, "01-chat-empty");

        await page.SelectOptionAsync("#sm-persona", "budget-student");
        await Assertions.Expect(page.Locator(".sm-assistant .sm-body").First).ToContainTextAsync("Budget-Conscious Student", new() { Timeout = 20_000 });

        await page.FillAsync("#sm-input", "I need a laptop with long battery life under $900");
        await page.PressAsync("#sm-input", "Control+Enter");
        var answer = page.Locator(".sm-assistant").Last;
        await Assertions.Expect(answer.Locator(".sm-card").First).ToBeVisibleAsync(Long);
        await Assertions.Expect(answer.Locator(".sm-feedback")).ToBeVisibleAsync(Long); // the done event arrived
        (await answer.Locator(".sm-card").CountAsync()).Should().BeGreaterThan(0);
        (await answer.Locator(".sm-card-price").First.InnerTextAsync()).Should().StartWith("$");
        await Assertions.Expect(answer.Locator(".sm-specs dt").First).ToBeVisibleAsync(Long); // key specs loaded
        (await answer.Locator(".sm-body").InnerTextAsync()).Should().NotBeNullOrWhiteSpace();
        (await page.Locator(".sm-chips .sm-chip").CountAsync()).Should().BeGreaterThan(0);
        await Assertions.Expect(page.Locator(".sm-history-list li")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await BrowserHost.ScreenshotAsync(page, "02-chat-answer");

        await answer.Locator("[data-sm-feedback=report]").ClickAsync();
        await answer.Locator(".sm-report input").FillAsync("The battery figure looks wrong");
        await answer.Locator(".sm-report button").ClickAsync();
        await Assertions.Expect(answer.Locator(".sm-thanks")).ToContainTextAsync("review");
        var reports = await fixture.Factory.InTenantAsync(await fixture.Factory.TenantIdAsync("demo"), (_, db) =>
            db.MessageFeedback.Where(f => f.Inaccurate).Select(f => f.Comment).ToListAsync());
        reports.Should().Contain("The battery figure looks wrong");

        // The same conversation, server-rendered for a browser without JavaScript.
        var url = page.Url;
        url.Should().Contain("?c=");
        await using var noScript = await fixture.Host.NewContextAsync(fixture.BaseUrl, javaScript: false);
        await noScript.AddCookiesAsync((await context.CookiesAsync()).Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        var plain = await noScript.NewPageAsync();
        await plain.GotoAsync(url);
        await Assertions.Expect(plain.Locator(".sm-user").First).ToContainTextAsync("long battery life under $900");
        (await plain.Locator(".sm-assistant .sm-card").CountAsync()).Should().BeGreaterThan(0);
        await BrowserHost.ScreenshotAsync(plain, "03-chat-history-no-js");
    }

    [Fact]
    public async Task The_chat_fits_a_360_pixel_screen_and_the_terminal_theme_applies()
    {
        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl, width: 360, height: 740);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#sm-input", "noise cancelling headphones");
        await page.ClickAsync("[data-sm-send]");
        await Assertions.Expect(page.Locator(".sm-assistant .sm-card").First).ToBeVisibleAsync(Long);
        await Assertions.Expect(page.Locator(".sm-assistant .sm-feedback").Last).ToBeVisibleAsync(Long);
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(360);
        (await page.GetAttributeAsync("#sm-input", "aria-describedby")).Should().Be("sm-hint");
        (await page.Locator("label[for=sm-input]").CountAsync()).Should().Be(1);
        (await page.GetAttributeAsync("[data-sm-transcript]", "aria-live")).Should().Be("polite");
        await BrowserHost.ScreenshotAsync(page, "04-chat-360px");

        await page.ClickAsync("[data-sm-theme-toggle]");
        (await page.GetAttributeAsync("html", "data-sm-theme")).Should().Be("terminal");
        await page.ReloadAsync();
        (await page.GetAttributeAsync("html", "data-sm-theme")).Should().Be("terminal"); // kept by the server
        await page.SetViewportSizeAsync(1280, 800);
        await BrowserHost.ScreenshotAsync(page, "05-chat-terminal-theme");
    }
}
