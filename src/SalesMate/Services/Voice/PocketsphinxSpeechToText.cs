using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice;

/// <summary>
/// Local STT with Debian's pocketsphinx (0.8+5prealpha): <c>pocketsphinx_continuous -infile</c> on a 16 kHz mono WAV with
/// the en-US model of pocketsphinx-en-us; it prints one line of words per segment it hears.
/// </summary>
public sealed class PocketsphinxSpeechToText(IOptions<VoiceOptions> options) : ISpeechToText
{
    public string Name => VoiceProviders.Pocketsphinx;
    public string Model => "en-us";

    public async Task<string> TranscribeAsync(PcmAudio audio, CancellationToken cancellationToken)
    {
        var stt = options.Value.Stt;
        var model = stt.PocketsphinxModelDir;
        if (!File.Exists(Path.Combine(model, "en-us.lm.bin")))
        {
            throw new VoiceProviderException("engine_missing",
                $"The pocketsphinx en-US model is missing at {model}: install the Debian package pocketsphinx-en-us.");
        }
        var file = Path.Combine(Path.GetTempPath(), $"salesmate-stt-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(file, audio.Wav, cancellationToken);
        try
        {
            var output = await ExternalTool.RunAsync(stt.PocketsphinxPath,
                ["-infile", file, "-hmm", Path.Combine(model, "en-us"), "-lm", Path.Combine(model, "en-us.lm.bin"),
                 "-dict", Path.Combine(model, "cmudict-en-us.dict"), "-logfn", "/dev/null"],
                null, TimeSpan.FromSeconds(stt.TimeoutSeconds), "pocketsphinx", cancellationToken);
            if (output.ExitCode != 0)
            {
                throw new VoiceProviderException("stt_failed", $"pocketsphinx failed (exit code {output.ExitCode}).");
            }
            var lines = System.Text.Encoding.UTF8.GetString(output.Stdout)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return string.Join(' ', lines);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
