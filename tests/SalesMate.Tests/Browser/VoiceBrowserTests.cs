using Microsoft.Playwright;
using SalesMate.Core.Entities;
using SalesMate.Services.Voice;
using SalesMate.Tests.Infrastructure;

namespace SalesMate.Tests.Browser;

/// <summary>
/// The voice page with Chromium's fake microphone: the trainee's spoken question (an espeak-ng WAV that Chromium plays
/// as the microphone) goes through MediaRecorder, the WebSocket, ffmpeg and pocketsphinx; the trainer answers from the
/// tenant's GAP insurance document aloud; then a role-play with a price-sensitive customer is scored. No keys anywhere.
/// </summary>
public abstract class VoiceBrowserTests(VoiceBrowserFixture fixture)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Long = new() { Timeout = 90_000 };

    [Fact]
    public async Task A_trainee_asks_about_gap_insurance_by_voice_hears_a_grounded_answer_then_role_plays_and_is_scored()
    {
        await using var context = await fixture.SignedInAsync(Roles.User);
        await context.GrantPermissionsAsync(["microphone"], new() { Origin = fixture.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("nav >> text=Voice");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Voice training");
        await Assertions.Expect(page.Locator("[data-sm-state]")).ToContainTextAsync("Ready", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".sm-assistant").First).ToBeVisibleAsync(); // the trainer's spoken greeting
        await BrowserHost.ScreenshotAsync(page, "50-voice-ready");

        // Hands-free: the fake microphone plays the question once (then silence); the pause after it sends it.
        await page.GetByLabel("Hands-free").CheckAsync();
        var heard = page.Locator(".sm-user").First;
        await Assertions.Expect(heard).ToBeVisibleAsync(Long);
        // pocketsphinx hears espeak-ng imperfectly ("what are you offering on a gap insurance"); these words it gets.
        await Assertions.Expect(heard).ToContainTextAsync("offering");
        await Assertions.Expect(heard).ToContainTextAsync("insurance");
        var answer = page.Locator(".sm-assistant[data-message-id]").First;
        await Assertions.Expect(answer).ToBeVisibleAsync(Long);
        await Assertions.Expect(answer.Locator(".sm-body")).ToContainTextAsync("GAP insurance");
        await Assertions.Expect(answer.Locator(".sm-sources")).ToContainTextAsync("GAP Insurance");
        var face = page.Locator("[data-sm-face]");
        await Assertions.Expect(face).ToHaveAttributeAsync("data-spoke", "true", new() { Timeout = 30_000 }); // driven by the audio level
        await Assertions.Expect(face).ToHaveAttributeAsync("data-played", new System.Text.RegularExpressions.Regex("^[1-9]"), new() { Timeout = 60_000 });
        await BrowserHost.ScreenshotAsync(page, "51-voice-grounded-answer");
        await page.GetByLabel("Hands-free").UncheckAsync();

        await page.GetByLabel("Role-play", new() { Exact = true }).CheckAsync();
        await Assertions.Expect(page.Locator(".sm-assistant").First).ToContainTextAsync("more than I wanted to spend", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-sm-score]")).ToBeVisibleAsync();
        foreach (var argument in new[]
        {
            "I hear you. GAP insurance is optional, and it costs about 11 dollars a month on your payment.",
            "If the car is written off it protects you: the coverage includes up to 1,000 dollars of your excess, and you can cancel within 30 days.",
        })
        {
            var answers = await page.Locator(".sm-assistant[data-message-id]").CountAsync();
            await page.FillAsync("#sm-voice-text", argument);
            await page.PressAsync("#sm-voice-text", "Enter");
            await Assertions.Expect(page.Locator(".sm-assistant[data-message-id]")).ToHaveCountAsync(answers + 1, new() { Timeout = 60_000 });
        }
        await BrowserHost.ScreenshotAsync(page, "52-voice-roleplay");

        await page.ClickAsync("text=End and score");
        var report = page.Locator("[data-sm-report]");
        await Assertions.Expect(report).ToBeVisibleAsync(new() { Timeout = 30_000 });
        int.Parse(await report.Locator("[data-sm-report-score]").TextContentAsync() ?? "").Should().BeGreaterThan(50);
        await Assertions.Expect(report.Locator("li.sm-ok")).ToHaveCountAsync(2); // both objections of the price-sensitive customer
        await report.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "53-voice-score");

        await page.SetViewportSizeAsync(360, 800);
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(360, "nothing overflows at 360 px: "
            + await page.EvaluateAsync<string>("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + '.' + e.className).join(' ')"));
        await page.Locator("[data-sm-talk]").ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "54-voice-mobile");

        await page.SetViewportSizeAsync(1280, 800);
        await page.ClickAsync("[data-sm-theme-toggle]");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-sm-theme", "terminal");
        await page.Locator("h1").ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "56-voice-terminal");
    }

    [Fact]
    public async Task Without_microphone_permission_the_page_says_so_and_typing_still_works()
    {
        await using var context = await fixture.SignedInAsync(Roles.User); // no microphone permission granted
        var page = await context.NewPageAsync();
        await page.GotoAsync("/voice");
        await Assertions.Expect(page.Locator("[data-sm-state]")).ToContainTextAsync("Ready", new() { Timeout = 30_000 });
        await page.GetByLabel("Hands-free").ClickAsync(); // refused at once, so it unchecks itself
        await Assertions.Expect(page.Locator("[data-sm-error]")).ToContainTextAsync("Microphone permission was refused");
        await Assertions.Expect(page.GetByLabel("Hands-free")).Not.ToBeCheckedAsync();

        await page.FillAsync("#sm-voice-text", "what are you offering on GAP insurance?");
        await page.PressAsync("#sm-voice-text", "Enter");
        var answer = page.Locator(".sm-assistant[data-message-id]").First;
        await Assertions.Expect(answer.Locator(".sm-sources")).ToContainTextAsync("GAP Insurance", new() { Timeout = 60_000 });
        await BrowserHost.ScreenshotAsync(page, "55-voice-no-microphone");
    }

    [Fact]
    public async Task An_admin_sets_the_role_play_compliance_phrases_in_the_settings_form()
    {
        await using var context = await fixture.SignedInAsync(Roles.TenantAdmin);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin/settings");
        var phrases = page.GetByLabel("Compliance phrases");
        await Assertions.Expect(phrases).ToHaveAttributeAsync("placeholder", "optional\nterms and conditions"); // the default
        await phrases.FillAsync("optional\n 30 days \n");
        await page.ClickAsync("text=Save settings");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Settings saved");
        await Assertions.Expect(phrases).ToHaveValueAsync("optional\n30 days");
        await phrases.ScrollIntoViewIfNeededAsync();
        await BrowserHost.ScreenshotAsync(page, "57-admin-compliance-phrases");

        await phrases.FillAsync("");
        await page.ClickAsync("text=Save settings");
        await Assertions.Expect(page.Locator(".sm-notice")).ToContainTextAsync("Settings saved");
        await Assertions.Expect(phrases).ToHaveValueAsync("");
    }

    [Fact]
    public async Task The_voice_page_asks_a_visitor_to_sign_in()
    {
        await using var context = await fixture.Host.NewContextAsync(fixture.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/voice");
        page.Url.Should().Contain("/account/login");
        await Assertions.Expect(page.Locator("nav >> text=Voice")).ToHaveCountAsync(0);
    }
}

/// <summary>The browser app with the demo knowledge base (incl. the trainer's GAP insurance document) and a fake microphone.</summary>
public abstract class VoiceBrowserFixture(DatabaseKind kind) : BrowserAppFixture
{
    public const string Question = "what are you offering on gap insurance";

    private readonly string _microphone = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"microphone-{Guid.NewGuid():N}.wav");

    protected override DatabaseKind DatabaseKind => kind;

    // %noloop: Chromium plays the file once, then silence (by default it loops, which would ask the question again).
    protected override IEnumerable<string> BrowserArgs => ["--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={_microphone}%noloop"];

    protected override Dictionary<string, string> Settings()
    {
        var settings = base.Settings();
        settings["demo:documents"] = "true";
        return settings;
    }

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_microphone)!);
        await File.WriteAllBytesAsync(_microphone, await FakeMicrophoneAsync(Question));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_microphone);
    }

    public async Task<IBrowserContext> SignedInAsync(string role)
    {
        var tenantId = await Factory.TenantIdAsync("demo");
        var account = await Factory.CreateAccountAsync(tenantId, $"trainee-{Guid.NewGuid():N}@example.com", role);
        var context = await Host.NewContextAsync(BaseUrl);
        await context.AddCookiesAsync([new Cookie { Name = "salesmate_access", Value = account.Token, Url = BaseUrl }]);
        return context;
    }

    /// <summary>
    /// The question as a microphone would hear it: espeak-ng's en-us+f5 voice (the one pocketsphinx understands best for
    /// this sentence, also after the browser's Opus round trip), at 48 kHz, a second of silence before and after.
    /// </summary>
    private static async Task<byte[]> FakeMicrophoneAsync(string text)
    {
        var spoken = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"spoken-{Guid.NewGuid():N}.wav");
        var microphone = Path.Combine(Path.GetTempPath(), "salesmate-tests", $"microphone-{Guid.NewGuid():N}.wav");
        try
        {
            var speech = await ExternalTool.RunAsync("espeak-ng", ["-v", "en-us+f5", "-s", "150", "-g", "0", "-w", spoken, text],
                null, TimeSpan.FromSeconds(60), "espeak-ng", CancellationToken.None);
            speech.ExitCode.Should().Be(0);
            // A file, not a pipe: the WAV header then carries the real length, which Chromium's reader needs.
            var wav = await ExternalTool.RunAsync("sox", ["-q", "-D", spoken, "-r", "48000", "-c", "1", "-b", "16", microphone, "pad", "1", "1"],
                null, TimeSpan.FromSeconds(60), "sox", CancellationToken.None);
            wav.ExitCode.Should().Be(0, wav.Stderr);
            return await File.ReadAllBytesAsync(microphone);
        }
        finally
        {
            File.Delete(spoken);
            File.Delete(microphone);
        }
    }
}

public sealed class SqliteVoiceBrowserFixture() : VoiceBrowserFixture(DatabaseKind.Sqlite);

public sealed class PostgresVoiceBrowserFixture() : VoiceBrowserFixture(DatabaseKind.Postgres);

[Collection("browser")]
public sealed class SqliteVoiceBrowserTests(SqliteVoiceBrowserFixture fixture) : VoiceBrowserTests(fixture), IClassFixture<SqliteVoiceBrowserFixture>;

[Collection("browser")]
public sealed class PostgresVoiceBrowserTests(PostgresVoiceBrowserFixture fixture) : VoiceBrowserTests(fixture), IClassFixture<PostgresVoiceBrowserFixture>;
