using Microsoft.Playwright;
using SalesMate.Core.Entities;
using SalesMate.Tests.Infrastructure;
using SalesMate.Tests.Voice;

namespace SalesMate.Tests.Browser;

/// <summary>
/// The voice page with a HeyGen key: the page starts HeyGen's own browser SDK with the session token from our server
/// against the configured base URL (a local fake). The fake's LiveKit URL never connects, so the page must say so and
/// fall back to the built-in indicator and our own TTS audio.
/// </summary>
public abstract class AvatarBrowserTests(AvatarBrowserFixture fixture)
{
    [Fact]
    public async Task When_the_avatar_video_cannot_connect_the_page_falls_back_to_the_indicator_and_our_audio()
    {
        await using var context = await fixture.SignedInAsync(Roles.User);
        var page = await context.NewPageAsync();
        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, m) => console.Enqueue(m.Text);
        await page.GotoAsync("/voice");
        await Assertions.Expect(page.Locator("[data-sm-state]")).ToContainTextAsync("Ready", new() { Timeout = 30_000 });
        var info = page.Locator("[data-sm-avatar-info]");
        await Assertions.Expect(info).ToContainTextAsync("the avatar could not start", new() { Timeout = 60_000 });
        await Assertions.Expect(info).ToContainTextAsync("answers use our voice");
        await Assertions.Expect(page.Locator("[data-sm-face]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-sm-avatar-video]")).ToBeHiddenAsync();

        // The SDK called HeyGen with the short-lived token our server created (never the API key).
        var bearer = $"Bearer {FakeVoiceServer.HeyGenSessionToken}";
        var reason = await info.TextContentAsync() + string.Join("\n", console);
        fixture.HeyGen.Requests.Should().Contain($"heygen streaming.new {bearer} avatar=Wayne_20240711", reason)
            .And.Contain(r => r.StartsWith($"heygen streaming.start {bearer} session={FakeVoiceServer.HeyGenSessionId}"))
            .And.NotContain(r => r.Contains(FakeVoiceServer.Key) && r.Contains("streaming."));

        await page.FillAsync("#sm-voice-text", "what are you offering on GAP insurance?");
        await page.PressAsync("#sm-voice-text", "Enter");
        var answer = page.Locator(".sm-assistant[data-message-id]").First;
        await Assertions.Expect(answer.Locator(".sm-body")).ToContainTextAsync("GAP insurance", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-sm-face]")).ToHaveAttributeAsync("data-played",
            new System.Text.RegularExpressions.Regex("^[1-9]"), new() { Timeout = 60_000 }); // our audio played
        fixture.HeyGen.Requests.Should().NotContain(r => r.StartsWith("heygen streaming.task"), "the avatar is not live");
        await BrowserHost.ScreenshotAsync(page, "58-voice-avatar-fallback");
    }
}

/// <summary>The voice browser app with avatar.provider heygen pointed at <see cref="FakeVoiceServer"/>.</summary>
public abstract class AvatarBrowserFixture(DatabaseKind kind) : VoiceBrowserFixture(kind)
{
    public FakeVoiceServer HeyGen { get; private set; } = null!;

    protected override Dictionary<string, string> Settings()
    {
        var settings = base.Settings();
        settings["avatar:provider"] = "heygen";
        settings["avatar:api_key"] = FakeVoiceServer.Key;
        settings["avatar:base_url"] = HeyGen.BaseUrl;
        settings["avatar:avatar_id"] = "Wayne_20240711";
        return settings;
    }

    public override async Task InitializeAsync()
    {
        HeyGen = await FakeVoiceServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await HeyGen.DisposeAsync();
    }
}

public sealed class SqliteAvatarBrowserFixture() : AvatarBrowserFixture(DatabaseKind.Sqlite);

public sealed class PostgresAvatarBrowserFixture() : AvatarBrowserFixture(DatabaseKind.Postgres);

[Collection("browser")]
public sealed class SqliteAvatarBrowserTests(SqliteAvatarBrowserFixture fixture) : AvatarBrowserTests(fixture), IClassFixture<SqliteAvatarBrowserFixture>;

[Collection("browser")]
public sealed class PostgresAvatarBrowserTests(PostgresAvatarBrowserFixture fixture) : AvatarBrowserTests(fixture), IClassFixture<PostgresAvatarBrowserFixture>;
