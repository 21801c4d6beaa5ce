using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace SalesMate.Services.Voice;

/// <summary>
/// The utterance being spoken, heard while its chunks arrive (ADR 0010b): 16 kHz mono PCM WAV goes straight to the
/// recogniser; WebM/Ogg and other WAVs go through one ffmpeg per utterance fed chunk by chunk. At the end of speech
/// only the last chunk and the recogniser's final pass are left. On any trouble it gives up quietly (null): the turn
/// then converts and transcribes the whole buffer, which also reports bad audio with a clear message.
/// </summary>
public sealed class LiveUtterance : IAsyncDisposable
{
    /// <summary>A WAV header longer than this is not waited for.</summary>
    private const int MaxHeaderBytes = 64 * 1024;

    private readonly IStreamingSpeechToText _stt;
    private readonly string _ffmpegPath;
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();
    private readonly MemoryStream _pcm = new();
    private readonly Task<Heard?> _work;
    private IUtteranceListener? _listener;
    private int _fed;

    public LiveUtterance(IStreamingSpeechToText stt, string ffmpegPath)
    {
        (_stt, _ffmpegPath) = (stt, ffmpegPath);
        _work = Task.Run(HearAsync);
    }

    public sealed record Heard(PcmAudio Audio, string Text);

    public void Append(byte[] chunk) => _chunks.Writer.TryWrite(chunk);

    /// <summary>The audio as 16 kHz PCM and its words, or null when it gave up (the caller then does it the slow way).</summary>
    public Task<Heard?> FinishAsync(CancellationToken cancellationToken)
    {
        _chunks.Writer.TryComplete();
        return _work.WaitAsync(cancellationToken);
    }

    private async Task<Heard?> HearAsync()
    {
        var abort = _abort.Token;
        try
        {
            using var listener = await _stt.ListenAsync(abort);
            _listener = listener;
            var header = new MemoryStream();
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(abort))
            {
                header.Write(chunk);
                var bytes = header.GetBuffer().AsSpan(0, (int)header.Length);
                if (PcmAudio.LooksLikeWav(bytes) && WavInfo.Read(bytes) is { } info)
                {
                    return info is { Format: 1, Channels: 1, SampleRate: PcmAudio.SampleRate, BitsPerSample: 16 }
                        ? await HearPcmAsync(bytes[info.DataOffset..].ToArray(), DeclaredLength(bytes, info), abort)
                        : await HearThroughFfmpegAsync(header.ToArray(), abort);
                }
                if (PcmAudio.LooksLikeWebm(bytes) || PcmAudio.LooksLikeOgg(bytes))
                {
                    return await HearThroughFfmpegAsync(header.ToArray(), abort);
                }
                if (bytes.Length >= 12 && !PcmAudio.LooksLikeWav(bytes) || bytes.Length > MaxHeaderBytes)
                {
                    return null;
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is VoiceProviderException or OperationCanceledException or IOException or Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The data size the header declares, when a writer that could seek filled it in (not 0 or 0xFFFFFFFF).</summary>
    private static long DeclaredLength(ReadOnlySpan<byte> wav, WavInfo info)
    {
        var declared = BinaryPrimitives.ReadUInt32LittleEndian(wav.Slice(info.DataOffset - 4, 4));
        return declared is 0 or uint.MaxValue ? long.MaxValue : declared;
    }

    private async Task<Heard?> HearPcmAsync(byte[] first, long declaredLength, CancellationToken abort)
    {
        AddPcm(first, declaredLength);
        await foreach (var chunk in _chunks.Reader.ReadAllAsync(abort))
        {
            AddPcm(chunk, declaredLength);
        }
        return Complete();
    }

    private async Task<Heard?> HearThroughFfmpegAsync(byte[] first, CancellationToken abort)
    {
        var info = new ProcessStartInfo(_ffmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"])
        {
            info.ArgumentList.Add(argument);
        }
        using var ffmpeg = Process.Start(info)!;
        try
        {
            var reading = Task.Run(async () =>
            {
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await ffmpeg.StandardOutput.BaseStream.ReadAsync(buffer, abort)) > 0)
                {
                    AddPcm(buffer.AsSpan(0, read), long.MaxValue);
                }
            }, abort);
            var draining = ffmpeg.StandardError.ReadToEndAsync(abort);
            var stdin = ffmpeg.StandardInput.BaseStream;
            await stdin.WriteAsync(first, abort);
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(abort))
            {
                await stdin.WriteAsync(chunk, abort);
                await stdin.FlushAsync(abort);
            }
            stdin.Close();
            await reading;
            await draining;
            await ffmpeg.WaitForExitAsync(abort);
            return ffmpeg.ExitCode == 0 ? Complete() : null;
        }
        finally
        {
            if (!ffmpeg.HasExited)
            {
                ffmpeg.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Keeps the samples and hears the whole ones not heard yet (a chunk may end mid-sample).</summary>
    private void AddPcm(ReadOnlySpan<byte> bytes, long declaredLength)
    {
        var room = declaredLength - _pcm.Length;
        if (room <= 0)
        {
            return;
        }
        _pcm.Write(bytes[..(int)Math.Min(bytes.Length, room)]);
        var whole = (int)_pcm.Length & ~1;
        _listener!.Hear(MemoryMarshal.Cast<byte, short>(_pcm.GetBuffer().AsSpan(_fed, whole - _fed)));
        _fed = whole;
    }

    private Heard Complete() => new(PcmAudio.FromSamples(_pcm.GetBuffer().AsSpan(0, _fed)), _listener!.Finish());

    public async ValueTask DisposeAsync()
    {
        _chunks.Writer.TryComplete();
        await _abort.CancelAsync();
        await _work; // never throws: HearAsync turns every failure into null
        _abort.Dispose();
    }
}
