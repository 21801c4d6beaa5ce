using System.Globalization;
using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice;

/// <summary>Local TTS with Debian's espeak-ng: <c>espeak-ng --stdout</c> writes a WAV (22.05 kHz mono) of the text read from stdin.</summary>
public sealed class EspeakTextToSpeech(IOptions<VoiceOptions> options) : ITextToSpeech
{
    public string Name => VoiceProviders.EspeakNg;
    public string Model => options.Value.Tts.Voice;
    public string ContentType => "audio/wav";

    public async Task<SpeechAudio> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        var tts = options.Value.Tts;
        var output = await ExternalTool.RunAsync(tts.EspeakPath,
            ["-v", tts.Voice, "-s", tts.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "--stdout"],
            System.Text.Encoding.UTF8.GetBytes(text), TimeSpan.FromSeconds(tts.TimeoutSeconds), "espeak-ng", cancellationToken);
        if (output.ExitCode != 0 || WavInfo.Read(output.Stdout) is not { } info)
        {
            throw new VoiceProviderException("tts_failed", $"espeak-ng failed (exit code {output.ExitCode}).");
        }
        var wav = WavFile.WithSizes(output.Stdout, info);
        return new SpeechAudio(wav, ContentType, info.DurationMs);
    }
}

public static class WavFile
{
    /// <summary>espeak-ng writing to a pipe cannot seek back to fill in the RIFF and data sizes: browsers want them right.</summary>
    public static byte[] WithSizes(byte[] wav, WavInfo info)
    {
        var copy = wav[..(info.DataOffset + info.DataLength)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4, 4), (uint)(copy.Length - 8));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(info.DataOffset - 4, 4), (uint)info.DataLength);
        return copy;
    }

    /// <summary>Spoken length of text when the audio format does not tell (MP3 from hosted providers): ~15 characters a second.</summary>
    public static double EstimateSpeechMs(string text) => Math.Max(300, text.Length / 15.0 * 1000);
}
