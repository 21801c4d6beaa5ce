using Microsoft.Playwright;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Browser;

/// <summary>Sign-up with the emailed code, the profile form, sign-out and sign-in; the admin console for an admin.</summary>
[Collection("browser")]
public sealed class AccountBrowserTests(BrowserAppFixture fixture) : IClassFixture<BrowserAppFixture>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_shopper_signs_up_with_the_emailed_code_fills_the_profile_and_signs_in_again()
    {
        var email = $"dana-{Guid.NewGuid():N}@example.com";
        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signup");
        await page.FillAsync("input[name=DisplayName]", "Dana");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", "short");
        await page.EvaluateAsync("document.querySelector('input[name=Password]').removeAttribute('minlength')");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".sm-form-errors")).ToContainTextAsync("password"); // the server's rule, shown on the form
        await BrowserHost.ScreenshotAsync(page, "08-signup-error");

        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/account/verify**");
        await BrowserHost.ScreenshotAsync(page, "09-verify-code");
        await page.FillAsync("input[name=Code]", fixture.Outbox.LatestCode(email));
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/account/profile**");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Welcome");

        await page.FillAsync("input[name=BudgetMin]", "400");
        await page.FillAsync("input[name=BudgetMax]", "1200");
        await page.FillAsync("input[name=Categories]", "Laptops, Headphones");
        await page.FillAsync("input[name=KeyFeatures]", "long battery life, lightweight");
        await page.FillAsync("textarea[name=Preferences]", "prefers in-stock items");
        await page.ClickAsync("button:has-text('Save profile')");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Profile saved");
        (await page.InputValueAsync("input[name=Categories]")).Should().Be("Laptops, Headphones");
        await BrowserHost.ScreenshotAsync(page, "10-profile");

        await page.FillAsync("input[name=BudgetMin]", "2000");
        await page.ClickAsync("button:has-text('Save profile')");
        await Assertions.Expect(page.Locator(".sm-form-errors")).ToContainTextAsync("budget_max");

        await page.ClickAsync("text=Sign out");
        await Assertions.Expect(page.Locator("nav a:has-text('Sign in')")).ToBeVisibleAsync();
        await page.GotoAsync("/account/profile");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", "wrong password here");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".sm-form-errors")).ToContainTextAsync("incorrect");
        await BrowserHost.ScreenshotAsync(page, "11-login-error");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/account/profile**"); // back where the login was asked for
        (await page.InputValueAsync("input[name=BudgetMax]")).Should().Be("1200");
        (await page.InputValueAsync("input[name=KeyFeatures]")).Should().Be("long battery life, lightweight");
    }

    [Fact]
    public async Task The_admin_console_is_for_admins_only_and_every_page_renders()
    {
        var tenantId = await fixture.Factory.TenantIdAsync("demo");
        var shopper = await fixture.Factory.CreateAccountAsync(tenantId, $"shopper-{Guid.NewGuid():N}@example.com", Roles.User);
        var admin = await fixture.Factory.CreateAccountAsync(tenantId, $"admin-{Guid.NewGuid():N}@example.com", Roles.TenantAdmin);

        await using var anonymous = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await anonymous.NewPageAsync();
        await page.GotoAsync("/admin/products");
        page.Url.Should().Contain("/account/login");

        await using var userContext = await fixture.SignedInAsync(shopper.Token);
        var userPage = await userContext.NewPageAsync();
        var forbidden = await userPage.GotoAsync("/admin");
        forbidden!.Status.Should().Be(403);

        await using var adminContext = await fixture.SignedInAsync(admin.Token);
        var adminPage = await adminContext.NewPageAsync();
        foreach (var (path, heading, shot) in new[]
        {
            ("/admin", "Overview", "12-admin-overview"), ("/admin/settings", "Settings", "13-admin-settings"),
            ("/admin/users", "Users", "14-admin-users"), ("/admin/api-keys", "API keys", "15-admin-api-keys"),
            ("/admin/personas", "Assistant personas", "16-admin-personas"), ("/admin/products", "Products", "17-admin-products"),
            ("/admin/documents", "Knowledge documents", "18-admin-documents"), ("/admin/feedback", "Answer feedback", "19-admin-feedback"),
        })
        {
            var response = await adminPage.GotoAsync(path);
            response!.Status.Should().Be(200, path);
            await Assertions.Expect(adminPage.Locator("h1")).ToContainTextAsync(heading);
            await BrowserHost.ScreenshotAsync(adminPage, shot);
        }

        await adminPage.GotoAsync("/admin/products");
        await adminPage.FillAsync("input[type=search]", "bose");
        await Assertions.Expect(adminPage.Locator("#sm-product-table")).ToContainTextAsync("matching “bose”", new() { Timeout = 10_000 });

        await adminPage.GotoAsync("/admin/settings");
        await adminPage.FillAsync("input[name=DisplayName]", "Acme Audio");
        await adminPage.FillAsync("input[name=PrimaryColor]", "#0f766e");
        await adminPage.ClickAsync("button:has-text('Save settings')");
        await Assertions.Expect(adminPage.Locator(".sm-notice")).ToContainTextAsync("Settings saved");
        await Assertions.Expect(adminPage.Locator(".sm-brand")).ToContainTextAsync("Acme Audio");
    }
}
