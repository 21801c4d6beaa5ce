using Microsoft.Playwright;

namespace SalesMate.Tests.Browser;

/// <summary>
/// Debian's Chromium (headless) driven by Playwright for .NET through <c>ExecutablePath</c>: no browser download, ever
/// (`playwright install` is never run). ./test.sh installs the <c>chromium</c> package; SALESMATE_CHROMIUM overrides the path.
/// Screenshots of each main screen go to <c>screenshots/</c> under the test output (bin/&lt;config&gt;/net10.0/screenshots).
/// </summary>
public sealed class BrowserHost : IAsyncDisposable
{
    public static readonly string ScreenshotDirectory = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private readonly IPlaywright _playwright;

    private BrowserHost(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ChromiumPath => Environment.GetEnvironmentVariable("SALESMATE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <param name="extraArgs">More Chromium switches, e.g. a fake microphone for the voice page.</param>
    public static async Task<BrowserHost> StartAsync(IEnumerable<string>? extraArgs = null)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Chromium at {ChromiumPath}: apt-get install chromium (./test.sh does), or set SALESMATE_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", .. extraArgs ?? []],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
        return new BrowserHost(playwright, browser);
    }

    public Task<IBrowserContext> NewContextAsync(string baseUrl, int width = 1280, int height = 800, bool javaScript = true) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
            Locale = "en-US",
        });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
