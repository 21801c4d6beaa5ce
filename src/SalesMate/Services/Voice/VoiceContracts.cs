namespace SalesMate.Services.Voice;

/// <summary>Speech to text: 16 kHz mono 16-bit PCM WAV in, the words out. Chosen once at start-up by voice.stt.provider.</summary>
public interface ISpeechToText
{
    /// <summary>Provider name as stored in llm_requests (pocketsphinx, openai).</summary>
    string Name { get; }
    string Model { get; }

    Task<string> TranscribeAsync(PcmAudio audio, CancellationToken cancellationToken);
}

/// <summary>Text to speech: one sentence in, one complete playable audio file out (so a browser can decode each piece).</summary>
public interface ITextToSpeech
{
    /// <summary>Provider name as stored in llm_requests (espeak-ng, openai, elevenlabs).</summary>
    string Name { get; }
    string Model { get; }

    /// <summary>MIME type of the audio it produces: audio/wav or audio/mpeg.</summary>
    string ContentType { get; }

    Task<SpeechAudio> SynthesizeAsync(string text, CancellationToken cancellationToken);
}

/// <summary>Synthesized audio and its length (estimated from the text when the format does not say).</summary>
public sealed record SpeechAudio(byte[] Bytes, string ContentType, double DurationMs);

/// <summary>A voice provider failed or is not installed; the socket reports <see cref="Code"/> and stays open.</summary>
public sealed class VoiceProviderException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>The audio sent by a client could not be understood (not WAV/WebM, corrupt, empty, or too long).</summary>
public sealed class BadAudioException(string message) : Exception(message);
