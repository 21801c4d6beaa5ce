using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SalesMate.Core.Entities;
using SalesMate.Services.Auth;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Browser;

/// <summary>
/// Work done across pages in a real browser: a product import with progress and its row-level report, a visitor's
/// contribution reviewed by an admin (approved: cited; rejected: never), an escalation marked handled, a shopper's
/// export and deletion of their data, and the console pages in both themes.
/// </summary>
[Collection("browser")]
public sealed class WorkflowBrowserTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 30_000 };

    [Fact]
    public async Task An_import_with_bad_rows_shows_its_progress_then_the_rows_it_could_not_take()
    {
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var context = await fixture.SignedInAsync(admin.Token);
        var page = await context.NewPageAsync();
        // The first status poll waits until the test has seen the progress bar: the import itself takes milliseconds.
        var seen = new TaskCompletionSource();
        await page.RouteAsync(new Regex("handler=ImportStatus"), async route =>
        {
            await seen.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("/admin/products");
        var csv = """
            sku,name,brand,category,price,stock
            WF-IMP-1,Workflow Desk Lamp,Lumo,Lighting,39.00,12
            WF-IMP-2,Workflow Floor Lamp,Lumo,Lighting,free,3
            WF-IMP-3,Workflow Reading Lamp,Lumo,Lighting,24.50,8
            WF-IMP-4,,Lumo,Lighting,19.00,2
            WF-IMP-5,Workflow Clip Lamp,Lumo,Lighting,14.00,30
            """;
        await page.SetInputFilesAsync("input[name=file]", new FilePayload { Name = "lamps.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.CheckAsync("input[name=skipInvalid]");
        await page.ClickAsync("button:text-is('Import')");

        var report = page.Locator("#sm-import-report");
        await Assertions.Expect(report.Locator("progress[data-import-progress]")).ToBeVisibleAsync();
        await Assertions.Expect(report).ToContainTextAsync("5 rows");
        await Assertions.Expect(report.Locator("progress[data-import-progress]")).ToHaveAttributeAsync("max", "5");
        await report.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "41-import-progress");
        seen.SetResult();

        await Assertions.Expect(report).ToHaveAttributeAsync("data-import-status", "completed", new() { Timeout = 30_000 });
        await Assertions.Expect(report.Locator(".sm-notice")).ToContainTextAsync("3 created, 0 updated, 2 skipped");
        var problems = report.Locator("table.sm-import-errors tbody tr");
        await Assertions.Expect(problems).ToHaveCountAsync(2);
        await Assertions.Expect(problems.Nth(0)).ToContainTextAsync("WF-IMP-2");
        await Assertions.Expect(problems.Nth(0)).ToContainTextAsync("price");
        await Assertions.Expect(problems.Nth(1)).ToContainTextAsync("name is required");
        (await problems.Nth(0).Locator("td").First.TextContentAsync()).Should().Be("3", "the report names the file's line");
        await report.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "42-import-report");

        await page.FillAsync("input[type=search]", "Workflow");
        await Assertions.Expect(page.Locator("#sm-product-table")).ToContainTextAsync("Workflow Clip Lamp", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#sm-product-table")).Not.ToContainTextAsync("Workflow Floor Lamp");

        // Edit and Cancel keep a search holding '&' and '#' whole (they were written into the links unescaped).
        const string search = "Workflow & Lumo #1";
        await page.GotoAsync("/admin/products?q=" + Uri.EscapeDataString(search));
        await page.Locator("#sm-product-table a:text-is('Edit')").First.ClickAsync();
        await Assertions.Expect(page.Locator("input[type=search]")).ToHaveValueAsync(search);
        await page.ClickAsync("a:text-is('Cancel')");
        await Assertions.Expect(page.Locator("input[type=search]")).ToHaveValueAsync(search);
    }

    [Fact]
    public async Task An_admin_creates_a_product_then_deletes_it_after_confirming()
    {
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var context = await fixture.SignedInAsync(admin.Token);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/products");
        await page.ClickAsync("a:text-is('New product')");
        var form = page.Locator("form#edit");
        await form.Locator("input[name=sku]").FillAsync("WF-NEW-1");
        await form.Locator("input[name=name]").FillAsync("Workflow Standing Desk");
        await form.Locator("input[name=brand]").FillAsync("Lumo");
        await form.Locator("input[name=category]").FillAsync("Furniture");
        await form.Locator("input[name=price]").FillAsync("12.345");
        await form.Locator("input[name=stock]").FillAsync("4");
        await form.Locator("button:text-is('Create product')").ClickAsync();

        // Refused, with the error at the field and everything typed still there.
        await Assertions.Expect(page.Locator("[data-field-error=price]")).ToContainTextAsync("at most 2 decimals");
        await Assertions.Expect(page.Locator("form#edit input[name=name]")).ToHaveValueAsync("Workflow Standing Desk");
        await page.Locator("form#edit input[name=price]").FillAsync("349");
        await page.ClickAsync("form#edit button:text-is('Create product')");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Product saved");
        await Assertions.Expect(page.Locator("form#edit h2")).ToContainTextAsync("Edit Workflow Standing Desk");

        await page.FillAsync("input[type=search]", "Standing Desk");
        var row = page.Locator("#sm-product-table tr", new() { HasText = "Workflow Standing Desk" });
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await row.Locator("a:text-is('Delete')").ClickAsync();
        await Assertions.Expect(page.Locator("form#delete")).ToContainTextAsync("Delete Workflow Standing Desk?");
        await BrowserHost.ScreenshotAsync(page, "44-product-delete-confirm");
        await page.ClickAsync("form#delete button:text-is('Delete product')");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Product deleted");
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Products.AnyAsync(p => p.Sku == "WF-NEW-1"))).Should().BeFalse();
    }

    [Fact]
    public async Task A_visitors_contribution_is_cited_once_approved_and_a_rejected_one_never_shows_up()
    {
        await using var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("summary:has-text('Share what you know')");
        var form = page.Locator("[data-sm-contribute-form]");
        await form.Locator("textarea[name=text]").EvaluateAsync("t => t.removeAttribute('minlength')");
        await form.Locator("textarea[name=text]").FillAsync("too short");
        await form.Locator("button").ClickAsync();
        await Assertions.Expect(form.Locator("[data-sm-contribute-error]")).ToContainTextAsync("at least 20 characters");

        await Contribute(page, "Gift wrapping at the Riverside store",
            "Gift wrapping is free at the Riverside store pickup desk: every order collected there can be gift wrapped with recycled paper and a ribbon.");
        await BrowserHost.ScreenshotAsync(page, "43-contribution-sent");
        await Contribute(page, "Zorblax loyalty stamps",
            "Zorblax loyalty stamps: collect ten zorblax stamps at the checkout and trade them for a free zorblax espresso machine.");

        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var adminContext = await fixture.SignedInAsync(admin.Token);
        var console = await adminContext.NewPageAsync();
        await console.GotoAsync("/admin/contributions");
        var approve = console.Locator("article[data-contribution-id]", new() { HasText = "Gift wrapping at the Riverside store" });
        await approve.Locator("button:has-text('Approve')").ClickAsync();
        var reject = console.Locator("article[data-contribution-id]", new() { HasText = "Zorblax loyalty stamps" });
        await reject.Locator("textarea[name=note]").FillAsync("We have no loyalty stamps.");
        await reject.Locator("button:has-text('Reject')").ClickAsync();
        await Assertions.Expect(console.Locator("article[data-contribution-id]", new() { HasText = "Zorblax" })).ToHaveCountAsync(0);
        await console.GotoAsync("/admin/documents");
        var document = console.Locator("#sm-documents tr", new() { HasText = "Gift wrapping at the Riverside store" });
        await Assertions.Expect(document.Locator(".sm-badge")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
        await Assertions.Expect(console.Locator("#sm-documents")).Not.ToContainTextAsync("Zorblax");

        await page.GotoAsync("/");
        var cited = await AskAsync(page, "how do I get gift wrapping with a Riverside store pickup?");
        await Assertions.Expect(cited.Locator(".sm-sources")).ToContainTextAsync("Gift wrapping at the Riverside store", new() { Timeout = 20_000 });
        await BrowserHost.ScreenshotAsync(page, "44-contribution-cited");
        var unknown = await AskAsync(page, "what is your policy on zorblax loyalty stamps?");
        await Assertions.Expect(unknown.Locator(".sm-body")).Not.ToContainTextAsync("zorblax espresso");
        (await unknown.Locator(".sm-sources").AllTextContentsAsync()).Should().NotContain(text => text.Contains("Zorblax", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sales_marks_a_waiting_escalation_handled_and_it_leaves_the_list()
    {
        await using var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await visitor.NewPageAsync();
        await page.GotoAsync("/");
        await AskAsync(page, "can I talk to a real person?");
        var conversationId = Regex.Match(page.Url, "c=([0-9a-f-]{36})").Groups[1].Value;
        conversationId.Should().NotBeEmpty();

        var sales = await fixture.AccountAsync(Roles.Sales);
        await using var desk = await fixture.SignedInAsync(sales.Token);
        var leads = await desk.NewPageAsync();
        await leads.GotoAsync("/admin/leads");
        var waiting = leads.Locator($"li.sm-escalation[data-conversation-id='{conversationId}']");
        await Assertions.Expect(waiting).ToBeVisibleAsync();
        await BrowserHost.ScreenshotAsync(leads, "45-escalation-waiting");
        await waiting.Locator("button:has-text('Mark handled')").ClickAsync();
        await Assertions.Expect(leads.Locator(".sm-notice")).ToContainTextAsync("marked handled");
        await Assertions.Expect(waiting).ToHaveCountAsync(0);
        await BrowserHost.ScreenshotAsync(leads, "46-escalation-handled");
    }

    [Fact]
    public async Task A_shopper_downloads_their_data_then_deletes_it_and_can_no_longer_sign_in()
    {
        const string password = "a long enough passphrase";
        var email = $"pia-{Guid.NewGuid():N}@example.com";
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var account = await fixture.Factory.CreateAccountAsync(tenantId, email, Roles.User);
        await fixture.Factory.InTenantAsync(tenantId, async (services, db) =>
        {
            var user = await db.Users.FirstAsync(u => u.Id == account.Id);
            user.PasswordHash = services.GetRequiredService<PasswordHasher>().Hash(password);
            await db.SaveChangesAsync();
            return 0;
        });

        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await context.NewPageAsync();
        await SignInAsync(page, email, password);
        await page.GotoAsync("/");
        await AskAsync(page, "I need trail running headphones that survive rain");
        await Assertions.Expect(page.Locator(".sm-history-list li")).ToHaveCountAsync(1, new() { Timeout = 10_000 });

        await page.GotoAsync("/account/privacy");
        var export = await CodeEnteredAsync(page, "export", email);
        var download = await page.RunAndWaitForDownloadAsync(() => export.Locator("button:has-text('Download')").ClickAsync());
        download.SuggestedFilename.Should().Be("salesmate-my-data.json");
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        using (var json = JsonDocument.Parse(exported))
        {
            exported.Should().Contain(email).And.Contain("trail running headphones that survive rain");
            json.RootElement.ValueKind.Should().Be(JsonValueKind.Object);
        }

        await page.GotoAsync("/account/privacy");
        var delete = await CodeEnteredAsync(page, "delete_data", email);
        await delete.Locator("button:has-text('Delete everything')").ClickAsync();
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Deleted everything kept for");
        await Assertions.Expect(page.Locator("nav a:has-text('Sign in')")).ToBeVisibleAsync(); // the deleted account is signed out
        await BrowserHost.ScreenshotAsync(page, "47-privacy-deleted");

        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".sm-form-errors")).ToContainTextAsync("incorrect");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".sm-history-list li")).ToHaveCountAsync(0);
        (await fixture.Factory.InTenantAsync(tenantId, (_, db) => db.Users.AnyAsync(u => u.Email == email))).Should().BeFalse();
    }

    [Fact]
    public async Task The_console_pages_added_last_look_right_in_both_themes()
    {
        await using (var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl))
        {
            var chat = await visitor.NewPageAsync();
            await chat.GotoAsync("/");
            await AskAsync(chat, "I want wireless headphones under $300");
        }
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        foreach (var theme in new[] { "clean", "terminal" })
        {
            await using var context = await fixture.SignedInAsync(admin.Token, theme);
            var page = await context.NewPageAsync();
            foreach (var (path, heading) in new[]
            {
                ("/admin/analytics", "Analytics"), ("/admin/leads", "Leads"), ("/admin/conversations", "Conversations"),
                ("/admin/contributions", "Contributions"), ("/admin/feedback", "Answer feedback"),
            })
            {
                await page.GotoAsync(path);
                await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(heading);
                await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-sm-theme", theme);
                if (path == "/admin/analytics")
                {
                    await Assertions.Expect(page.Locator("canvas[data-chart=activity][data-rendered=true]")).ToBeVisibleAsync();
                }
                var colors = await page.EvaluateAsync<string[]>(
                    "() => [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.querySelector('main')).color]");
                if (theme == "terminal")
                {
                    colors[0].Should().Be("rgb(1, 6, 3)", $"{path} has the terminal background");
                    colors[1].Should().Be("rgb(184, 255, 210)", $"{path} has the phosphor text");
                }
                else
                {
                    colors[0].Should().NotBe("rgb(1, 6, 3)", $"{path} is light in the clean theme");
                }
                await BrowserHost.ScreenshotAsync(page, $"5{Array.IndexOf(["clean", "terminal"], theme)}-{theme}{path.Replace('/', '-')}");
            }
        }
    }

    private static async Task Contribute(IPage page, string title, string text)
    {
        var form = page.Locator("[data-sm-contribute-form]");
        await form.Locator("input[name=title]").FillAsync(title);
        await form.Locator("textarea[name=text]").FillAsync(text);
        await form.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-sm-contribute-done]")).ToContainTextAsync("waiting for review");
        await Assertions.Expect(form.Locator("textarea[name=text]")).ToHaveValueAsync("");
    }

    /// <summary>Sends a message and waits for the finished answer; returns it.</summary>
    private static async Task<ILocator> AskAsync(IPage page, string message)
    {
        var answers = await page.Locator(".sm-assistant .sm-feedback").CountAsync();
        await page.FillAsync("#sm-input", message);
        await page.PressAsync("#sm-input", "Control+Enter");
        await Assertions.Expect(page.Locator(".sm-assistant .sm-feedback")).ToHaveCountAsync(answers + 1, new() { Timeout = 20_000 });
        return page.Locator(".sm-assistant").Last;
    }

    /// <summary>Asks for the emailed code of a privacy action and types it in; returns the action's section.</summary>
    private async Task<ILocator> CodeEnteredAsync(IPage page, string purpose, string email)
    {
        var section = page.Locator($"article[data-purpose={purpose}]");
        await section.Locator("input[name=Email]").FillAsync(email);
        await section.Locator("button").ClickAsync();
        await Assertions.Expect(section.Locator("input[name=Code]")).ToBeVisibleAsync();
        await section.Locator("input[name=Code]").FillAsync(fixture.Outbox.LatestCode(email));
        return section;
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("nav a:has-text('Profile')")).ToBeVisibleAsync(Long);
    }
}
