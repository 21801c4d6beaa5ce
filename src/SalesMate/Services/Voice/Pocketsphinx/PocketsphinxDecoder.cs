using System.Runtime.InteropServices;
using static SalesMate.Services.Voice.Pocketsphinx.PocketsphinxNative;

namespace SalesMate.Services.Voice.Pocketsphinx;

/// <summary>
/// One resident pocketsphinx decoder with the en-US model loaded once. Not thread-safe: one utterance at a time
/// (<see cref="PocketsphinxPool"/> hands decoders out). It segments speech as <c>pocketsphinx_continuous -infile</c> does
/// (2048-sample blocks, a new segment whenever the voice-activity detector hears speech end), so it hears the same words.
/// </summary>
internal sealed class PocketsphinxDecoder : IDisposable
{
    private const int BlockSamples = 2048;

    private readonly nint[] _argv;
    private nint _config;
    private nint _decoder;
    private readonly short[] _block = new short[BlockSamples];
    private int _blockCount;
    private readonly List<string> _segments = [];
    private bool _open;
    private bool _inSegment;

    private readonly CepstralMean? _mean;
    private bool _used;

    private PocketsphinxDecoder(nint[] argv, nint config, nint decoder)
    {
        (_argv, _config, _decoder) = (argv, config, decoder);
        _mean = CepstralMean.Find(Features(decoder));
    }

    /// <summary>False when its adaptive state cannot be reset: then it hears one utterance and is freed.</summary>
    public bool Reusable => _mean is not null;

    public static PocketsphinxDecoder Load(string modelDir)
    {
        string[] options = ["-hmm", Path.Combine(modelDir, "en-us"), "-lm", Path.Combine(modelDir, "en-us.lm.bin"),
            "-dict", Path.Combine(modelDir, "cmudict-en-us.dict"), "-logfn", "/dev/null"];
        var argv = options.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        var config = nint.Zero;
        try
        {
            config = ParseConfig(nint.Zero, DecoderOptions(), argv.Length, argv, 1);
            if (config == nint.Zero)
            {
                throw new VoiceProviderException("stt_failed", "pocketsphinx rejected its options.");
            }
            AddDefaultSearchOptions(config);
            var decoder = CreateDecoder(config);
            if (decoder == nint.Zero)
            {
                throw new VoiceProviderException("engine_missing",
                    $"pocketsphinx could not load the en-US model from {modelDir}: install the Debian package pocketsphinx-en-us.");
            }
            return new PocketsphinxDecoder(argv, config, decoder);
        }
        catch
        {
            if (config != nint.Zero)
            {
                _ = FreeConfig(config); // returns the remaining reference count
            }
            Array.ForEach(argv, Marshal.FreeCoTaskMem);
            throw;
        }
    }

    public void Begin()
    {
        if (_open)
        {
            _ = EndUtterance(_decoder); // an utterance that was abandoned (barge-in, disconnect)
        }
        if (_used)
        {
            _mean?.Reset();
        }
        _used = true;
        _segments.Clear();
        _blockCount = 0;
        _inSegment = false;
        Check(StartUtterance(_decoder), "start");
        _open = true;
    }

    public void Hear(ReadOnlySpan<short> samples)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, BlockSamples - _blockCount);
            samples[..take].CopyTo(_block.AsSpan(_blockCount));
            _blockCount += take;
            samples = samples[take..];
            if (_blockCount == BlockSamples)
            {
                Process(_block);
                _blockCount = 0;
            }
        }
    }

    /// <summary>Ends the utterance and returns every segment's words, in order ("" when nothing was recognised).</summary>
    public string End()
    {
        if (_blockCount > 0)
        {
            Process(_block.AsSpan(0, _blockCount));
            _blockCount = 0;
        }
        Check(EndUtterance(_decoder), "end");
        _open = false;
        if (_inSegment)
        {
            AddHypothesis();
        }
        return string.Join(' ', _segments);
    }

    private void Process(ReadOnlySpan<short> block)
    {
        Check(ProcessRaw(_decoder, block, (nuint)block.Length, 0, 0), "process");
        var inSpeech = InSpeech(_decoder) != 0;
        if (inSpeech)
        {
            _inSegment = true;
        }
        else if (_inSegment)
        {
            Check(EndUtterance(_decoder), "end");
            AddHypothesis();
            Check(StartUtterance(_decoder), "start");
            _inSegment = false;
        }
    }

    private void AddHypothesis()
    {
        if (Marshal.PtrToStringUTF8(Hypothesis(_decoder, nint.Zero)) is { Length: > 0 } words)
        {
            _segments.Add(words.Trim());
        }
    }

    private static void Check(int result, string step)
    {
        if (result < 0)
        {
            throw new VoiceProviderException("stt_failed", $"pocketsphinx failed to {step} an utterance.");
        }
    }

    public void Dispose()
    {
        if (_decoder != nint.Zero)
        {
            _ = FreeDecoder(_decoder);
            _ = FreeConfig(_config); // returns the remaining reference count
            Array.ForEach(_argv, Marshal.FreeCoTaskMem);
            (_decoder, _config) = (nint.Zero, nint.Zero);
        }
    }
}
