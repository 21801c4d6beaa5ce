using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace SalesMate.Services.Voice;

/// <summary>16 kHz mono 16-bit PCM speech as a WAV file: what every STT provider gets.</summary>
public sealed class PcmAudio
{
    public const int SampleRate = 16_000;

    private PcmAudio(byte[] wav, int dataOffset, int dataLength)
    {
        Wav = wav;
        DataOffset = dataOffset;
        DataLength = dataLength;
    }

    public byte[] Wav { get; }
    public int DataOffset { get; }
    public int DataLength { get; }
    public double DurationMs => DataLength / 2.0 / SampleRate * 1000;

    /// <summary>The 16-bit samples (little-endian, as WAV stores them and as every supported CPU reads them).</summary>
    public ReadOnlySpan<short> Samples => MemoryMarshal.Cast<byte, short>(Wav.AsSpan(DataOffset, DataLength & ~1));

    /// <summary>A WAV file around raw 16 kHz mono 16-bit samples.</summary>
    public static PcmAudio FromSamples(ReadOnlySpan<byte> pcm)
    {
        var wav = new byte[44 + pcm.Length];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), (uint)(wav.Length - 8));
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(28), SampleRate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), (uint)pcm.Length);
        pcm.CopyTo(wav.AsSpan(44));
        return new PcmAudio(wav, 44, pcm.Length);
    }

    /// <summary>The WAV when it already is 16 kHz mono 16-bit PCM; null when it needs converting; throws when it is no WAV at all.</summary>
    public static PcmAudio? TryParse(byte[] wav)
    {
        var info = WavInfo.Read(wav) ?? throw new BadAudioException("The audio is not a valid WAV file (RIFF/WAVE header with fmt and data chunks).");
        return info is { Format: 1, Channels: 1, SampleRate: SampleRate, BitsPerSample: 16 } ? new PcmAudio(wav, info.DataOffset, info.DataLength) : null;
    }

    public static PcmAudio FromWav(byte[] wav) =>
        TryParse(wav) ?? throw new BadAudioException("The converted audio is not 16 kHz mono 16-bit PCM.");

    public static bool LooksLikeWav(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WAVE"u8);

    /// <summary>EBML magic: WebM/Matroska (what MediaRecorder produces with Opus).</summary>
    public static bool LooksLikeWebm(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x1A && bytes[1] == 0x45 && bytes[2] == 0xDF && bytes[3] == 0xA3;

    /// <summary>Ogg (Opus in Ogg, Firefox's MediaRecorder default).</summary>
    public static bool LooksLikeOgg(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual("OggS"u8);
}

/// <summary>The fmt and data chunks of a RIFF WAVE file.</summary>
public sealed record WavInfo(int Format, int Channels, int SampleRate, int BitsPerSample, int DataOffset, int DataLength)
{
    public double DurationMs => Channels * BitsPerSample == 0 || SampleRate == 0 ? 0
        : DataLength / (double)(Channels * BitsPerSample / 8) / SampleRate * 1000;

    public static WavInfo? Read(ReadOnlySpan<byte> wav)
    {
        if (!PcmAudio.LooksLikeWav(wav))
        {
            return null;
        }
        int? format = null, channels = null, rate = null, bits = null;
        var position = 12;
        while (position + 8 <= wav.Length)
        {
            var id = Encoding.ASCII.GetString(wav.Slice(position, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(wav.Slice(position + 4, 4));
            var body = position + 8;
            if (id == "fmt " && size >= 16 && body + 16 <= wav.Length)
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(wav.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(wav.Slice(body + 2, 2));
                rate = (int)BinaryPrimitives.ReadUInt32LittleEndian(wav.Slice(body + 4, 4));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(wav.Slice(body + 14, 2));
            }
            else if (id == "data" && format is not null)
            {
                // Streaming writers (espeak-ng to a pipe, ffmpeg) leave the size unknown (0 or 0xFFFFFFFF): the rest of the file.
                var length = size == 0 || size > wav.Length - body ? wav.Length - body : (int)size;
                return channels is > 0 && rate is > 0 && bits is > 0 && length >= 0
                    ? new WavInfo(format.Value, channels.Value, rate.Value, bits.Value, body, length) : null;
            }
            if (size > int.MaxValue - body)
            {
                return null;
            }
            position = body + (int)size + (int)(size % 2);
        }
        return null;
    }
}
