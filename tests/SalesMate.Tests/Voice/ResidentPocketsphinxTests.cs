using Microsoft.Extensions.Options;
using SalesMate.Config;
using SalesMate.Services.Voice;
using SalesMate.Services.Voice.Pocketsphinx;

namespace SalesMate.Tests.Voice;

/// <summary>The resident recogniser (libpocketsphinx3 in the process) against the Debian engines themselves.</summary>
public sealed class ResidentPocketsphinxTests : IDisposable
{
    private static readonly IOptions<VoiceOptions> Defaults = Options.Create(new VoiceOptions());
    private readonly PocketsphinxPool _pool = new(Defaults);
    private PocketsphinxSpeechToText Stt => new(_pool);

    public void Dispose() => _pool.Dispose();

    [Fact]
    public async Task Hears_the_same_words_as_pocketsphinx_continuous_and_loads_the_model_once()
    {
        var wav = await SpokenWav.SayAsync("do you have a laptop under 800 dollars");
        var file = Path.Combine(Path.GetTempPath(), $"salesmate-test-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(file, wav);
        var model = Defaults.Value.Stt.PocketsphinxModelDir;
        var process = await ExternalTool.RunAsync("pocketsphinx_continuous",
            ["-infile", file, "-hmm", Path.Combine(model, "en-us"), "-lm", Path.Combine(model, "en-us.lm.bin"),
             "-dict", Path.Combine(model, "cmudict-en-us.dict"), "-logfn", "/dev/null"], null, TimeSpan.FromSeconds(120), "pocketsphinx", CancellationToken.None);
        File.Delete(file);
        var expected = string.Join(' ', System.Text.Encoding.UTF8.GetString(process.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var pcm = PcmAudio.FromWav(wav);
        var first = await Stt.TranscribeAsync(pcm, CancellationToken.None);
        var other = await Stt.TranscribeAsync(PcmAudio.FromWav(await SpokenWav.SayAsync("what are you offering on gap insurance")), CancellationToken.None);
        var again = await Stt.TranscribeAsync(pcm, CancellationToken.None);

        first.Should().Contain("laptop").And.Be(expected, "the resident decoder segments and searches as the command does");
        other.Should().NotBe(first);
        again.Should().Be(first, "what was heard before does not change how the next utterance is heard");
        _pool.Loads.Should().Be(1, "the model is loaded once, not per utterance");
    }

    [Fact]
    public async Task Wav_heard_in_odd_sized_chunks_while_it_arrives_gives_the_whole_file_words()
    {
        var wav = await SpokenWav.SayAsync("show me headphones under 200 dollars");
        var whole = await Stt.TranscribeAsync(PcmAudio.FromWav(wav), CancellationToken.None);

        await using var live = new LiveUtterance(Stt, "ffmpeg");
        foreach (var chunk in wav.Chunk(4099))
        {
            live.Append(chunk);
        }
        var heard = await live.FinishAsync(CancellationToken.None);

        heard.Should().NotBeNull();
        heard!.Text.Should().Be(whole).And.Contain("dollars");
        heard.Audio.DataLength.Should().Be(PcmAudio.FromWav(wav).DataLength);
    }

    [Fact]
    public async Task WebM_opus_from_a_recorder_is_decoded_by_one_streaming_ffmpeg_and_heard()
    {
        var webm = await WebmOpus.FromWavAsync(await SpokenWav.SayAsync("do you have a laptop under 800 dollars"));

        await using var live = new LiveUtterance(Stt, "ffmpeg");
        foreach (var chunk in webm.Chunk(2000))
        {
            live.Append(chunk);
        }
        var heard = await live.FinishAsync(CancellationToken.None);

        heard.Should().NotBeNull();
        heard!.Text.Should().Contain("laptop");
        heard.Audio.DurationMs.Should().BeGreaterThan(2000);
    }

    [Theory]
    [InlineData("not audio at all, just some text")]
    [InlineData("\u001aE\u00df\u00a3 webm magic then junk junk junk junk")]
    public async Task Audio_it_cannot_hear_while_it_arrives_is_left_to_the_whole_utterance_path(string junk)
    {
        await using var live = new LiveUtterance(Stt, "ffmpeg");
        live.Append(System.Text.Encoding.Latin1.GetBytes(junk));

        (await live.FinishAsync(CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_missing_model_is_reported_with_the_package_to_install()
    {
        using var pool = new PocketsphinxPool(Options.Create(new VoiceOptions { Stt = { PocketsphinxModelDir = "/nonexistent/model" } }));

        var transcribe = () => new PocketsphinxSpeechToText(pool).TranscribeAsync(PcmAudio.FromSamples(new byte[32_000]), CancellationToken.None);

        (await transcribe.Should().ThrowAsync<VoiceProviderException>()).Which.Message.Should().Contain("pocketsphinx-en-us");
    }
}

/// <summary>WebM with Opus, as Chromium's MediaRecorder records it, made from a WAV with ffmpeg.</summary>
public static class WebmOpus
{
    public static async Task<byte[]> FromWavAsync(byte[] wav)
    {
        var output = await ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-c:a", "libopus", "-f", "webm", "pipe:1"],
            wav, TimeSpan.FromSeconds(60), "ffmpeg", CancellationToken.None);
        output.ExitCode.Should().Be(0, output.Stderr);
        return output.Stdout;
    }
}
