using SalesMate.Config;
using SalesMate.Services.Voice.Pocketsphinx;

namespace SalesMate.Services.Voice;

/// <summary>
/// Local STT with Debian's pocketsphinx (libpocketsphinx3 0.8+5prealpha, en-US model of pocketsphinx-en-us), resident in
/// the process (ADR 0010b): the model is loaded once per decoder, not once per utterance, and an utterance can be heard
/// while it is still being sent.
/// </summary>
public sealed class PocketsphinxSpeechToText(PocketsphinxPool pool) : IStreamingSpeechToText
{
    /// <summary>Samples per step of a whole utterance, so a cancelled turn stops within ~0.5 s of audio.</summary>
    private const int StepSamples = PcmAudio.SampleRate / 2;

    public string Name => VoiceProviders.Pocketsphinx;
    public string Model => "en-us";

    public void Warm() => pool.Warm();

    public async Task<string> TranscribeAsync(PcmAudio audio, CancellationToken cancellationToken)
    {
        using var listener = await ListenAsync(cancellationToken);
        return await Task.Run(() =>
        {
            for (var at = 0; at < audio.Samples.Length; at += StepSamples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                listener.Hear(audio.Samples.Slice(at, Math.Min(StepSamples, audio.Samples.Length - at)));
            }
            return listener.Finish();
        }, cancellationToken);
    }

    public async Task<IUtteranceListener> ListenAsync(CancellationToken cancellationToken) =>
        new Listener(await pool.RentAsync(cancellationToken));

    private sealed class Listener(PocketsphinxPool.Lease lease) : IUtteranceListener
    {
        private bool _started;

        public void Hear(ReadOnlySpan<short> samples)
        {
            try
            {
                StartOnce();
                lease.Decoder.Hear(samples);
            }
            catch
            {
                lease.Broken = true;
                throw;
            }
        }

        public string Finish()
        {
            try
            {
                StartOnce();
                return lease.Decoder.End();
            }
            catch
            {
                lease.Broken = true;
                throw;
            }
        }

        private void StartOnce()
        {
            if (!_started)
            {
                lease.Decoder.Begin();
                _started = true;
            }
        }

        public void Dispose() => lease.Dispose();
    }
}
