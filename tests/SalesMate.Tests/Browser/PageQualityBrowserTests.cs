using Microsoft.Playwright;
using SalesMate.Core.Entities;

namespace SalesMate.Tests.Browser;

/// <summary>What a user notices at once: console errors, pages wider than a phone, forms that repeat or hide what went wrong.</summary>
[Collection("browser")]
public sealed class PageQualityBrowserTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/settings", "/admin/users", "/admin/api-keys", "/admin/personas", "/admin/products", "/admin/documents",
        "/admin/feedback", "/admin/contributions", "/admin/leads", "/admin/conversations", "/admin/analytics",
    ];

    [Fact]
    public async Task Pages_load_without_console_errors()
    {
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var context = await fixture.SignedInAsync(admin.Token);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{page.Url}: {message.Text}"); };

        // The voice page loads protobuf.js, whose browser build probed for Node's require with eval (refused by the CSP).
        string[] pages = ["/", "/voice", "/account/profile", "/account/privacy", .. AdminPages];
        foreach (var path in pages)
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        }

        errors.Should().BeEmpty("Pico's form icons (data: images) and the favicon load");
    }

    [Fact]
    public async Task Every_admin_page_fits_a_375_pixel_screen()
    {
        await using var visitor = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var chat = await visitor.NewPageAsync();
        await chat.GotoAsync("/");
        await chat.FillAsync("#sm-input", "I need a laptop for video editing under $1500");
        await chat.PressAsync("#sm-input", "Control+Enter");
        await Assertions.Expect(chat.Locator(".sm-assistant .sm-feedback")).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var context = await fixture.SignedInAsync(admin.Token);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(375, 740);
        await page.GotoAsync("/admin/leads");
        var lead = await page.Locator(".sm-lead-card").First.GetAttributeAsync("href");
        await page.GotoAsync("/admin/conversations");
        var conversation = await page.Locator("main table a").First.GetAttributeAsync("href");

        var tooWide = new List<string>();
        foreach (var path in AdminPages.Append(lead!).Append(conversation!))
        {
            await page.GotoAsync(path);
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            if (width > 375)
            {
                tooWide.Add($"{path}: {width}px");
            }
        }

        tooWide.Should().BeEmpty("wide tables scroll inside their box instead of widening the page");
    }

    [Fact]
    public async Task The_verify_page_opened_without_an_address_asks_for_it()
    {
        var email = $"lee-{Guid.NewGuid():N}@example.com";
        await using var signup = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var first = await signup.NewPageAsync();
        await first.GotoAsync("/account/signup");
        await first.FillAsync("input[name=Email]", email);
        await first.FillAsync("input[name=Password]", "correct horse battery staple");
        await first.ClickAsync("main button[type=submit]");
        await first.WaitForURLAsync("**/account/verify**");

        await using var later = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await later.NewPageAsync();
        await page.GotoAsync("/account/verify");
        await Assertions.Expect(page.Locator(".sm-notice")).Not.ToContainTextAsync("code to .");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Code]", "000000");
        await page.ClickAsync("main button[type=submit]");
        await Assertions.Expect(page.Locator(".sm-form-errors")).ToContainTextAsync("code");
        (await page.InputValueAsync("input[name=Email]")).Should().Be(email, "a wrong code keeps the address to try again");

        await page.FillAsync("input[name=Code]", fixture.Outbox.LatestCode(email));
        await page.ClickAsync("main button[type=submit]");
        await page.WaitForURLAsync("**/account/profile**");
    }

    [Fact]
    public async Task A_product_that_cannot_be_saved_says_why_once()
    {
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var context = await fixture.SignedInAsync(admin.Token);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/products");
        await page.Locator("#sm-product-table a:has-text('Edit')").First.ClickAsync();
        await page.EvaluateAsync("document.querySelector('#edit').noValidate = true");
        await page.FillAsync("#edit input[name=price]", "abc");
        await page.ClickAsync("#edit button[type=submit]");

        await Assertions.Expect(page.Locator(".sm-form-errors")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".sm-form-errors")).ToContainTextAsync("Price must be a number");
    }

    [Fact]
    public async Task The_document_picker_offers_every_accepted_format_and_a_refused_file_is_explained_once()
    {
        var admin = await fixture.AccountAsync(Roles.TenantAdmin);
        await using var context = await fixture.SignedInAsync(admin.Token);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/documents");
        (await page.GetAttributeAsync("input[name=files]", "accept")).Should().Contain(".csv");

        await page.SetInputFilesAsync("input[name=files]", new FilePayload { Name = "notes.xyz", MimeType = "text/plain", Buffer = "hello"u8.ToArray() });
        await page.ClickAsync("button:has-text('Upload')");
        var error = page.Locator("[data-form-error]");
        await Assertions.Expect(error).ToContainTextAsync("not accepted");
        var text = await error.InnerTextAsync();
        text.Split("not accepted").Length.Should().Be(2, text);
    }
}
