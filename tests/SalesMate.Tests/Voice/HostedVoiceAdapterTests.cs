using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Avatar;
using SalesMate.Services.Voice;

namespace SalesMate.Tests.Voice;

/// <summary>The hosted STT/TTS/avatar adapters against a local fake that checks their real request formats.</summary>
public sealed class HostedVoiceAdapterTests : IAsyncLifetime
{
    private FakeVoiceServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeVoiceServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IOptions<VoiceOptions> Options(string key = FakeVoiceServer.Key) => Microsoft.Extensions.Options.Options.Create(new VoiceOptions
    {
        Stt = new SttOptions { Provider = "openai", BaseUrl = _server.BaseUrl, ApiKey = key },
        Tts = new TtsOptions { Provider = "openai", BaseUrl = _server.BaseUrl + "/v1", ApiKey = key, VoiceId = "voice-123" },
    });

    [Fact]
    public async Task Whisper_gets_a_multipart_wav_with_the_model_and_returns_the_text()
    {
        var stt = new OpenAiSpeechToText(new HttpClient(), Options());
        var text = await stt.TranscribeAsync(PcmAudio.FromWav(FakeVoiceServer.SpeechWav), CancellationToken.None);
        text.Should().Be("do you have a laptop under 800 dollars");
        _server.Requests.Should().ContainSingle(r => r.StartsWith("transcriptions model=whisper-1 file=utterance.wav type=audio/wav"));
    }

    [Fact]
    public async Task A_wrong_key_is_a_clear_provider_error_without_the_key()
    {
        var stt = new OpenAiSpeechToText(new HttpClient(), Options("sk-wrong"));
        var failing = () => stt.TranscribeAsync(PcmAudio.FromWav(FakeVoiceServer.SpeechWav), CancellationToken.None);
        (await failing.Should().ThrowAsync<VoiceProviderException>()).Which.Message.Should().Contain("401").And.Contain("API key").And.NotContain("sk-wrong");
    }

    [Fact]
    public async Task OpenAi_speech_posts_json_and_returns_a_wav()
    {
        var tts = new OpenAiTextToSpeech(new HttpClient(), Options());
        var audio = await tts.SynthesizeAsync("Hello there.", CancellationToken.None);
        WavInfo.Read(audio.Bytes).Should().NotBeNull();
        audio.DurationMs.Should().Be(500);
        _server.Requests.Should().ContainSingle(r => r == "speech model=tts-1 voice=alloy format=wav input=Hello there.");
    }

    [Fact]
    public async Task ElevenLabs_streams_mp3_for_the_voice_with_the_xi_api_key()
    {
        var options = Options();
        options.Value.Tts.BaseUrl = _server.BaseUrl;
        var tts = new ElevenLabsTextToSpeech(new HttpClient(), options);
        var audio = await tts.SynthesizeAsync("Hi.", CancellationToken.None);
        audio.ContentType.Should().Be("audio/mpeg");
        audio.Bytes.Length.Should().Be(3 * 404);
        _server.Requests.Should().ContainSingle(r => r == "elevenlabs voice=voice-123 format=mp3_44100_128 model=eleven_flash_v2_5 text=Hi.");
    }

    [Fact]
    public async Task HeyGen_token_is_created_with_the_api_key_and_returned()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AvatarOptions { Provider = "heygen", BaseUrl = _server.BaseUrl, ApiKey = FakeVoiceServer.Key, AvatarId = "Wayne_20240711" });
        var session = await new HeyGenAvatarProvider(new HttpClient(), options).CreateSessionAsync(CancellationToken.None);
        session.Should().Be(new AvatarSession("heygen", "heygen-session-token", "Wayne_20240711", 3600, _server.BaseUrl));

        options.Value.ApiKey = "wrong";
        var refused = () => new HeyGenAvatarProvider(new HttpClient(), options).CreateSessionAsync(CancellationToken.None);
        await refused.Should().ThrowAsync<SalesMate.Core.AssistantUnavailableException>();
    }
}
