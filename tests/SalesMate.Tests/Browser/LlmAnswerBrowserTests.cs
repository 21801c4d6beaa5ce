using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SalesMate.Database;
using SalesMate.Tests.Fakes;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Browser;

/// <summary>Answers of a hosted model (a fake OpenAI server): the stop button, and hostile Markdown rendered inert.</summary>
[Collection("browser")]
public sealed class LlmAnswerBrowserTests(BrowserLlmAppFixture fixture) : IClassFixture<BrowserLlmAppFixture>
{
    [Fact]
    public async Task The_stop_button_stops_a_streaming_answer_and_keeps_what_was_written()
    {
        var words = Enumerable.Range(1, 400).Select(i => $"word{i} ").ToArray();
        fixture.Model.Fallback = FakeOpenAiReply.Text(words).WithChunkDelay(TimeSpan.FromMilliseconds(50));
        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#sm-input", "Tell me everything about laptops");
        await page.PressAsync("#sm-input", "Control+Enter");
        var stop = page.Locator("[data-sm-stop]");
        await Assertions.Expect(stop).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".sm-assistant .sm-body").Last).ToContainTextAsync("word3", new() { Timeout = 15_000 });
        await BrowserHost.ScreenshotAsync(page, "20-chat-streaming");
        await stop.ClickAsync();

        await Assertions.Expect(page.Locator(".sm-assistant .sm-note").Last).ToHaveTextAsync("Stopped.", new() { Timeout = 15_000 });
        await Assertions.Expect(stop).ToBeHiddenAsync();
        var shown = await page.Locator(".sm-assistant .sm-body").Last.InnerTextAsync();
        shown.Should().NotContain("word400");
        var stored = await fixture.Factory.InTenantAsync(await fixture.Factory.TenantIdAsync("demo"), (_, db) =>
            db.Messages.Where(m => m.Role == "assistant").OrderByDescending(m => m.CreatedAt).FirstAsync());
        stored.Metadata.Status.Should().Be("stopped");
        stored.Content.Should().StartWith("word1").And.NotContain("word400");
        await BrowserHost.ScreenshotAsync(page, "21-chat-stopped");
    }

    [Fact]
    public async Task A_model_answer_with_script_remote_images_and_javascript_links_renders_inert()
    {
        fixture.Model.Fallback = FakeOpenAiReply.Text(
            "Here is the **Aurora 14**.\n\n",
            "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">\n\n",
            "![tracker](https://evil.example/pixel.png)\n\n",
            "[Click for a deal](javascript:window.__pwned=3) or [our site](https://shop.example/aurora).");
        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await context.NewPageAsync();
        var remote = new List<string>();
        page.Request += (_, request) => { if (request.Url.Contains("evil.example")) remote.Add(request.Url); };
        await page.GotoAsync("/");
        await page.FillAsync("#sm-input", "Which laptop?");
        await page.PressAsync("#sm-input", "Control+Enter");
        var body = page.Locator(".sm-assistant .sm-body").Last;
        await Assertions.Expect(page.Locator(".sm-assistant .sm-feedback").Last).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(body.Locator("strong")).ToHaveTextAsync("Aurora 14");
        await AssertInertAsync(page, body);
        await BrowserHost.ScreenshotAsync(page, "22-chat-hostile-markdown");

        await page.ReloadAsync(); // the server-rendered transcript follows the same rules
        await AssertInertAsync(page, page.Locator(".sm-assistant .sm-body").Last);
        remote.Should().BeEmpty("no image may be fetched from another host");
    }

    private static async Task AssertInertAsync(IPage page, ILocator body)
    {
        (await page.EvaluateAsync<bool>("window.__pwned === undefined")).Should().BeTrue();
        (await body.Locator("script").CountAsync()).Should().Be(0);
        (await body.Locator("img").CountAsync()).Should().Be(0);
        (await body.Locator("[onerror]").CountAsync()).Should().Be(0);
        var hrefs = await body.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href') || '')");
        hrefs.Should().NotContain(h => h.StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        hrefs.Should().Contain("https://shop.example/aurora");
    }
}
