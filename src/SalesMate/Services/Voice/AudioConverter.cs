using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice;

/// <summary>Turns what a client sends (16 kHz PCM WAV as is; other WAVs, WebM/Opus, Ogg through ffmpeg) into <see cref="PcmAudio"/>.</summary>
public sealed class AudioConverter(IOptions<VoiceOptions> options)
{
    public async Task<PcmAudio> ToPcmAsync(byte[] audio, CancellationToken cancellationToken)
    {
        if (audio.Length == 0)
        {
            throw new BadAudioException("The utterance has no audio.");
        }
        if (PcmAudio.LooksLikeWav(audio))
        {
            if (PcmAudio.TryParse(audio) is { } ready)
            {
                return Check(ready);
            }
        }
        else if (!PcmAudio.LooksLikeWebm(audio) && !PcmAudio.LooksLikeOgg(audio))
        {
            throw new BadAudioException("Unsupported audio: send 16 kHz mono PCM WAV, or WebM/Ogg with Opus (as MediaRecorder records).");
        }
        var output = await ExternalTool.RunAsync(options.Value.FfmpegPath,
            ["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", "pipe:1"],
            audio, TimeSpan.FromSeconds(30), "ffmpeg", cancellationToken);
        if (output.ExitCode != 0 || output.Stdout.Length < 44)
        {
            throw new BadAudioException("The audio could not be decoded (corrupt or truncated).");
        }
        return Check(PcmAudio.FromWav(output.Stdout));
    }

    /// <summary>Refuses audio too short to hold a word or longer than voice.max_utterance_seconds.</summary>
    public PcmAudio Check(PcmAudio audio)
    {
        if (audio.DataLength < PcmAudio.SampleRate / 10 * 2)
        {
            throw new BadAudioException("The utterance is too short (less than 0.1 s of audio).");
        }
        if (audio.DurationMs > options.Value.MaxUtteranceSeconds * 1000.0)
        {
            throw new BadAudioException($"The utterance is longer than voice.max_utterance_seconds ({options.Value.MaxUtteranceSeconds} s).");
        }
        return audio;
    }
}
