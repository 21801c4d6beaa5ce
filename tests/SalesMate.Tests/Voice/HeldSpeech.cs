using SalesMate.Services.Voice;

namespace SalesMate.Tests.Voice;

/// <summary>espeak-ng that speaks an answer's first sentence at once and holds the rest until released, so a test can talk over it.</summary>
public sealed class HeldSpeech(EspeakTextToSpeech inner) : ITextToSpeech
{
    public static readonly SemaphoreSlim Release = new(0);
    private int _calls;

    public string Name => inner.Name;
    public string Model => inner.Model;
    public string ContentType => inner.ContentType;

    public async Task<SpeechAudio> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) > 1)
        {
            await Release.WaitAsync(cancellationToken);
        }
        return await inner.SynthesizeAsync(text, cancellationToken);
    }
}
