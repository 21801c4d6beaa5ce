using System.Diagnostics;
using SalesMate.Config;
using SalesMate.Services.Voice;
using SalesMate.Services.Voice.Pocketsphinx;

namespace SalesMate.Bench;

/// <summary>
/// The stages of the local first-audio path alone, interleaved turn by turn in one run so that machine load hits the old
/// and the new path alike: <c>process</c> = <c>pocketsphinx_continuous</c> per utterance (the old path: process start,
/// model load, search); <c>resident</c> = the in-process decoder on the whole utterance; <c>streamed</c> = the decoder fed
/// while the utterance arrives (untimed), timed from its last 250 ms to the words (what is left after the end of speech).
/// Also the per-utterance conversion of browser audio (ffmpeg, WebM/Opus to PCM) and espeak-ng for one first sentence.
/// </summary>
internal static class VoiceSttComparison
{
    private const int LastChunkSamples = PcmAudio.SampleRate / 4;
    private const string FirstSentence = "Yes, the Acer Aspire 5 is a laptop for 649 dollars.";

    public static async Task<int> RunAsync(int turns, string[] questions, Func<string, Task<byte[]>> say)
    {
        Console.WriteLine($"voice --compare-stt: turns={turns} (each stage once per turn, interleaved)");
        Console.WriteLine($"  {BuildInfo.Describe()}");
        var wavs = new List<byte[]>();
        foreach (var question in questions)
        {
            wavs.Add(await say(question));
        }
        var webms = new List<byte[]>();
        foreach (var wav in wavs)
        {
            webms.Add((await Ffmpeg(["-i", "pipe:0", "-c:a", "libopus", "-f", "webm", "pipe:1"], wav)).Stdout);
        }
        var options = Microsoft.Extensions.Options.Options.Create(new VoiceOptions());
        using var pool = new PocketsphinxPool(options);
        var stt = new PocketsphinxSpeechToText(pool);
        var tts = new EspeakTextToSpeech(options);
        var firstLoad = Stopwatch.StartNew();
        await stt.TranscribeAsync(PcmAudio.FromWav(wavs[0]), CancellationToken.None);
        Console.WriteLine($"  first utterance incl. loading the resident model: {Stats.Ms(firstLoad.Elapsed.TotalMilliseconds)} ms (once per decoder)");

        var samples = new Dictionary<string, List<double>>();
        var processStarts = 0;
        var mismatches = 0;
        for (var i = 0; i < turns; i++)
        {
            var wav = wavs[i % wavs.Count];
            var pcm = PcmAudio.FromWav(wav);
            var (processWords, processMs) = await ProcessAsync(wav);
            processStarts++;
            Add(samples, "stt process (old)", processMs);

            var clock = Stopwatch.StartNew();
            var residentWords = await stt.TranscribeAsync(pcm, CancellationToken.None);
            Add(samples, "stt resident, whole", clock.Elapsed.TotalMilliseconds);

            using (var listener = await stt.ListenAsync(CancellationToken.None))
            {
                var cut = Math.Max(0, pcm.Samples.Length - LastChunkSamples);
                listener.Hear(pcm.Samples[..cut]);
                clock.Restart();
                listener.Hear(pcm.Samples[cut..]);
                var streamedWords = listener.Finish();
                Add(samples, "stt streamed, tail", clock.Elapsed.TotalMilliseconds);
                mismatches += processWords == residentWords && residentWords == streamedWords ? 0 : 1;
            }

            clock.Restart();
            await Ffmpeg(["-i", "pipe:0", "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", "-f", "wav", "pipe:1"], webms[i % webms.Count]);
            processStarts++;
            Add(samples, "webm->pcm ffmpeg", clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            await tts.SynthesizeAsync(FirstSentence, CancellationToken.None);
            Add(samples, "tts first sentence", clock.Elapsed.TotalMilliseconds);
        }
        foreach (var (name, values) in samples)
        {
            var stats = new Stats(values);
            Console.WriteLine($"  {name,-20} p50 {Stats.Ms(stats.P(50))} ms  p95 {Stats.Ms(stats.P(95))} ms  max {Stats.Ms(stats.Max)} ms  (n={stats.Count})");
        }
        Console.WriteLine($"  old path process starts at the end of speech: {processStarts} ({processStarts / (double)turns:0} per browser utterance: ffmpeg + pocketsphinx); new path: 0");
        Console.WriteLine($"  resident model loads: {pool.Loads}; utterances whose words differed between process, resident and streamed: {mismatches}");
        return 0;
    }

    private static void Add(Dictionary<string, List<double>> samples, string name, double ms)
    {
        if (!samples.TryGetValue(name, out var list))
        {
            samples[name] = list = [];
        }
        list.Add(ms);
    }

    private static async Task<(string Words, double Ms)> ProcessAsync(byte[] wav)
    {
        var model = new VoiceOptions().Stt.PocketsphinxModelDir;
        var file = Path.Combine(Path.GetTempPath(), $"salesmate-bench-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(file, wav);
        try
        {
            var clock = Stopwatch.StartNew();
            var output = await ExternalTool.RunAsync("pocketsphinx_continuous",
                ["-infile", file, "-hmm", Path.Combine(model, "en-us"), "-lm", Path.Combine(model, "en-us.lm.bin"),
                 "-dict", Path.Combine(model, "cmudict-en-us.dict"), "-logfn", "/dev/null"], null, TimeSpan.FromSeconds(120), "pocketsphinx", CancellationToken.None);
            var ms = clock.Elapsed.TotalMilliseconds;
            var words = string.Join(' ', System.Text.Encoding.UTF8.GetString(output.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return (words, ms);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<ExternalTool.Output> Ffmpeg(string[] arguments, byte[] input) =>
        ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", .. arguments], input, TimeSpan.FromSeconds(60), "ffmpeg", CancellationToken.None);
}
