namespace SalesMate.Services.Voice;

/// <summary>Speech to text: 16 kHz mono 16-bit PCM WAV in, the words out. Chosen once at start-up by voice.stt.provider.</summary>
public interface ISpeechToText
{
    /// <summary>Provider name as stored in llm_requests (pocketsphinx, openai).</summary>
    string Name { get; }
    string Model { get; }

    Task<string> TranscribeAsync(PcmAudio audio, CancellationToken cancellationToken);
}

/// <summary>
/// An STT that hears an utterance while it is still being sent (local pocketsphinx): the search runs during speech, so at
/// the end of speech only the last audio and the final pass are left.
/// </summary>
public interface IStreamingSpeechToText : ISpeechToText
{
    /// <summary>Gets the recogniser ready ahead of the first utterance (called when a voice socket opens).</summary>
    void Warm();

    /// <summary>A listener for one utterance; waits while every recogniser is busy.</summary>
    Task<IUtteranceListener> ListenAsync(CancellationToken cancellationToken);
}

/// <summary>One utterance being recognised: 16 kHz mono 16-bit samples in, in order; the words out at the end. Not thread-safe.</summary>
public interface IUtteranceListener : IDisposable
{
    void Hear(ReadOnlySpan<short> samples);

    string Finish();
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
