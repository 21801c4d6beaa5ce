using Microsoft.Playwright;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Rag.Ingestion;

namespace SalesMate.Tests.Browser;

/// <summary>
/// The sales side in a real browser: a document uploaded in the admin console is cited in the chat, a buying
/// conversation becomes the hot lead at the top of the dashboard with its explanation, the conversation viewer shows
/// the pipeline, the analytics charts draw, and the contributions and privacy pages render.
/// </summary>
[Collection("browser")]
public sealed class SalesConsoleBrowserTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_document_uploaded_in_the_admin_console_is_cited_in_a_visitors_answer()
    {
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var adminContext = await fixture.SignedInAsync(admin.Token);
        var adminPage = await adminContext.NewPageAsync();
        await adminPage.GotoAsync("/admin/documents");
        await adminPage.SetInputFilesAsync("input[name=files]", new FilePayload
        {
            Name = "warranty-policy.pdf", MimeType = "application/pdf", Buffer = TestDocuments.WarrantyPdf(),
        });
        await adminPage.ClickAsync("button:has-text('Upload')");
        var row = adminPage.Locator("#sm-documents tr", new() { HasText = "warranty-policy.pdf" });
        await Assertions.Expect(row.Locator(".sm-badge")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
        await BrowserHost.ScreenshotAsync(adminPage, "30-admin-document-ready");

        await using var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#sm-input", "how long is the warranty on laptops?");
        await page.PressAsync("#sm-input", "Control+Enter");
        var answer = page.Locator(".sm-assistant").Last;
        await Assertions.Expect(answer.Locator(".sm-sources")).ToBeVisibleAsync(Long);
        await Assertions.Expect(answer.Locator(".sm-body")).ToContainTextAsync("two-year warranty");
        (await answer.Locator(".sm-sources li").CountAsync()).Should().BeGreaterThan(0);
        await BrowserHost.ScreenshotAsync(page, "31-chat-cited-answer");
    }

    [Fact]
    public async Task A_buying_conversation_is_the_hot_lead_at_the_top_with_its_explanation_and_pipeline_details()
    {
        await using var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/");
        foreach (var message in new[]
        {
            "I need a laptop for video editing under $1500", "tell me more about the first one",
            "Looks great. Can I book a demo of it this week?", "My name is Jane Hotlead, email jane.hotlead@example.com, phone +1 415 555 0134",
        })
        {
            var answers = await page.Locator(".sm-assistant .sm-feedback").CountAsync();
            await page.FillAsync("#sm-input", message); // right after the previous answer's done event: the composer is free
            await page.PressAsync("#sm-input", "Control+Enter");
            await Assertions.Expect(page.Locator(".sm-user", new() { HasText = message })).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".sm-assistant .sm-feedback")).ToHaveCountAsync(answers + 1, new() { Timeout = 20_000 });
        }

        var sales = await fixture.AccountAsync(Roles.Sales);
        await using var salesContext = await fixture.SignedInAsync(sales.Token);
        var desk = await salesContext.NewPageAsync();
        await desk.GotoAsync("/admin/leads");
        await Assertions.Expect(desk.Locator("h1")).ToContainTextAsync("Leads");
        var first = desk.Locator(".sm-lead-card").First;
        await Assertions.Expect(first).ToContainTextAsync("Jane Hotlead");
        await Assertions.Expect(first.Locator(".sm-temp")).ToHaveTextAsync("hot");
        await Assertions.Expect(first).ToContainTextAsync("demo requested");
        await BrowserHost.ScreenshotAsync(desk, "32-leads-dashboard");

        await first.ClickAsync();
        await Assertions.Expect(desk.Locator("h1")).ToContainTextAsync("Jane Hotlead");
        var demo = desk.Locator(".sm-explanation tr[data-signal=demo_requested]");
        await Assertions.Expect(demo).ToBeVisibleAsync();
        await demo.Locator("a").First.ClickAsync(); // the message the signal came from
        await Assertions.Expect(desk.Locator(".sm-msg.sm-signal").Filter(new() { HasText = "book a demo" })).ToBeVisibleAsync();
        await Assertions.Expect(desk.Locator(".sm-explanation")).ToContainTextAsync("mail"); // the contact email signal
        await BrowserHost.ScreenshotAsync(desk, "33-lead-detail");
        await desk.Locator(".sm-transcript-admin").ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(desk, "34-lead-transcript");

        await desk.ClickAsync("text=Pipeline details");
        var turn = desk.Locator(".sm-pipeline", new() { HasText = "demo" }).First; // the answer to the demo request
        await Assertions.Expect(turn).ToContainTextAsync("intent");
        await Assertions.Expect(turn).ToContainTextAsync("stage");
        await Assertions.Expect(turn).ToContainTextAsync("sentiment");
        await BrowserHost.ScreenshotAsync(desk, "35-conversation-viewer");

        (await desk.GotoAsync("/admin/analytics"))!.Status.Should().Be(403, "analytics and settings are for admins");
    }

    [Fact]
    public async Task The_analytics_page_draws_its_charts_from_the_conversations_and_the_review_pages_render()
    {
        await using var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#sm-input", "I want wireless headphones under $300");
        await page.PressAsync("#sm-input", "Control+Enter");
        await Assertions.Expect(page.Locator(".sm-assistant .sm-feedback")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var adminContext = await fixture.SignedInAsync(admin.Token);
        var console = await adminContext.NewPageAsync();
        await console.GotoAsync("/admin/analytics");
        await Assertions.Expect(console.Locator("h1")).ToContainTextAsync("Analytics");
        foreach (var chart in new[] { "activity", "intents", "sentiment", "leads" })
        {
            await Assertions.Expect(console.Locator($"canvas[data-chart={chart}][data-rendered=true]")).ToBeVisibleAsync();
        }
        await BrowserHost.ScreenshotAsync(console, "36-analytics");
        await console.SetViewportSizeAsync(1280, 1600);
        await BrowserHost.ScreenshotAsync(console, "37-analytics-all");

        await console.GotoAsync("/admin/contributions");
        await Assertions.Expect(console.Locator("h1")).ToContainTextAsync("Contributions");
        await BrowserHost.ScreenshotAsync(console, "38-contributions");
        await console.GotoAsync("/admin/conversations");
        await Assertions.Expect(console.Locator("table a").First).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(console, "39-conversations");

        await page.GotoAsync("/account/privacy");
        await page.Locator("article[data-purpose=link_session] input[name=Email]").FillAsync("pat@example.com");
        await page.Locator("article[data-purpose=link_session] button").ClickAsync();
        await Assertions.Expect(page.Locator("article[data-purpose=link_session] input[name=Code]")).ToBeVisibleAsync();
        await page.FillAsync("input[name=Code]", fixture.Outbox.LatestCode("pat@example.com"));
        await page.ClickAsync("button:has-text('Link chats')");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Linked");
        await BrowserHost.ScreenshotAsync(page, "40-privacy");
    }
}
