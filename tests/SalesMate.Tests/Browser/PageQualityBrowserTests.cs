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

        // The voice page is left out: protobuf.js probes for eval, which the CSP refuses on purpose.
        string[] pages = ["/", "/account/profile", "/account/privacy", .. AdminPages];
        foreach (var path in pages)
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        }

        errors.Should().BeEmpty("Pico's form icons (data: images) and the favicon load");
    }
}
