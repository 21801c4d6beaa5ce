using Microsoft.Extensions.Options;
using SalesMate.Config;

namespace SalesMate.Services.Voice.Pocketsphinx;

/// <summary>
/// Resident decoders, loaded on first use (or when a voice socket opens) up to voice.stt.pocketsphinx_decoders; each is
/// lent for one utterance at a time. Disposed with the app: decoders still lent out are freed when they come back.
/// </summary>
public sealed class PocketsphinxPool : IDisposable
{
    private readonly string _modelDir;
    private readonly SemaphoreSlim _slots;
    private readonly Stack<PocketsphinxDecoder> _idle = new();
    private readonly Lock _lock = new();
    private Task? _warming;
    private bool _disposed;

    public PocketsphinxPool(IOptions<VoiceOptions> options)
    {
        _modelDir = options.Value.Stt.PocketsphinxModelDir;
        _slots = new SemaphoreSlim(options.Value.Stt.PocketsphinxDecoders);
    }

    /// <summary>How many times a decoder has loaded the model (each load reads ~100 MB of model files).</summary>
    public int Loads { get; private set; }

    /// <summary>Loads one decoder in the background if none is resident yet, so the first utterance does not wait for it.</summary>
    public void Warm()
    {
        lock (_lock)
        {
            if (Loads > 0 || _warming is not null || _disposed)
            {
                return;
            }
            _warming = Task.Run(async () =>
            {
                try
                {
                    using var lease = await RentAsync(CancellationToken.None);
                }
                catch (VoiceProviderException)
                {
                    // reported on the first utterance instead
                }
                catch (ObjectDisposedException)
                {
                    // app stopped meanwhile
                }
            });
        }
    }

    internal async Task<Lease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_idle.TryPop(out var idle))
                {
                    return new Lease(this, idle);
                }
            }
            var loaded = await Task.Run(Load, cancellationToken);
            return new Lease(this, loaded);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    private PocketsphinxDecoder Load()
    {
        if (!File.Exists(Path.Combine(_modelDir, "en-us.lm.bin")))
        {
            throw new VoiceProviderException("engine_missing",
                $"The pocketsphinx en-US model is missing at {_modelDir}: install the Debian package pocketsphinx-en-us.");
        }
        try
        {
            var decoder = PocketsphinxDecoder.Load(_modelDir);
            lock (_lock)
            {
                Loads++;
            }
            return decoder;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new VoiceProviderException("engine_missing",
                "libpocketsphinx.so.3 could not be loaded: install the Debian packages libpocketsphinx3 and pocketsphinx-en-us.", ex);
        }
    }

    private void Return(PocketsphinxDecoder decoder, bool broken)
    {
        lock (_lock)
        {
            if (_disposed || broken || !decoder.Reusable)
            {
                decoder.Dispose();
            }
            else
            {
                _idle.Push(decoder);
            }
        }
        _slots.Release();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryPop(out var decoder))
            {
                decoder.Dispose();
            }
        }
    }

    /// <summary>One decoder for one utterance; <see cref="Broken"/> ones are freed instead of reused.</summary>
    internal sealed class Lease(PocketsphinxPool pool, PocketsphinxDecoder decoder) : IDisposable
    {
        private bool _returned;

        public PocketsphinxDecoder Decoder { get; } = decoder;

        public bool Broken { get; set; }

        public void Dispose()
        {
            if (!_returned)
            {
                _returned = true;
                pool.Return(Decoder, Broken);
            }
        }
    }
}
