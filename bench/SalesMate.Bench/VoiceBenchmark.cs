using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SalesMate.Services.Voice;

namespace SalesMate.Bench;

/// <summary>
/// Voice turn latency with the local engines (issue 8): espeak-ng speaks each question once (sox to 16 kHz), then each
/// turn streams it over /api/v1/voice/live as a recorder would (--chunk-ms of audio per message, paced in real time;
/// 0 sends the whole utterance at once; --format webm sends WebM/Opus as browsers do) and times, from the end of speech
/// (utterance_end sent): STT (transcript message), first token, first audio byte (first binary message) and total
/// (done). Target: first audio <= 1.5 s. --compare-stt times the recognisers alone instead, interleaved in one run.
/// </summary>
internal static class VoiceBenchmark
{
    private static readonly string[] Questions =
    [
        "do you have a laptop under 800 dollars",
        "what are you offering on gap insurance",
        "show me headphones under 200 dollars",
    ];

    public static async Task<int> RunAsync(Options options)
    {
        var turns = options.Int("turns", 20, 1, 10_000);
        if (options.Has("compare-stt"))
        {
            return await VoiceSttComparison.RunAsync(turns, Questions, SayAsync);
        }
        var chunkMs = options.Int("chunk-ms", 250, 0, 10_000);
        var webm = options.String("format", "wav") switch
        {
            "wav" => false,
            "webm" => true,
            var other => throw new ArgumentException($"--format must be wav or webm; got '{other}'."),
        };
        var root = RepoPaths.Root(options);
        Console.WriteLine($"voice: turns={turns} engines=pocketsphinx+espeak-ng format={(webm ? "webm" : "wav")} chunk_ms={chunkMs} (paced in real time)");
        Console.WriteLine($"  {BuildInfo.Describe()}");
        await using var database = TurnsBenchmark.TempDatabase.Sqlite();
        var app = SalesMateApp.Build([
            "--urls=http://127.0.0.1:0", "--database:provider=sqlite", $"--database:connection_string={database.ConnectionString}",
            "--logging:console=false", "--logging:path=", "--logging:level=WARN", $"--app:data_dir={Path.Combine(root, "data")}",
            "--environment=Production", "--rate_limits:enabled=false",
        ]);
        await app.StartAsync();
        try
        {
            var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient { BaseAddress = baseAddress };
            var audio = new List<byte[]>();
            foreach (var question in Questions)
            {
                var wav = await SayAsync(question);
                audio.Add(webm ? await ToWebmAsync(wav) : wav);
            }
            var start = await (await http.PostAsJsonAsync("/api/v1/chat/start", new { })).Content.ReadFromJsonAsync<JsonElement>();
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("X-Session-Token", start.GetProperty("session_token").GetString());
            await socket.ConnectAsync(new UriBuilder(baseAddress) { Scheme = "ws", Path = "/api/v1/voice/live" }.Uri, CancellationToken.None);
            await SendAsync(socket, new { type = "start", conversation_id = start.GetProperty("conversation_id").GetGuid() });
            await ReadUntilAsync(socket, "ready", null);
            var stt = new List<double>();
            var firstToken = new List<double>();
            var firstAudio = new List<double>();
            var total = new List<double>();
            for (var i = 0; i < turns; i++)
            {
                await SpeakAsync(socket, audio[i % audio.Count], chunkMs);
                var clock = Stopwatch.StartNew();
                await SendAsync(socket, new { type = "utterance_end" });
                var marks = new Dictionary<string, double>();
                await ReadUntilAsync(socket, "done", marks, clock);
                stt.Add(marks.GetValueOrDefault("transcript", double.NaN));
                firstToken.Add(marks.GetValueOrDefault("token", double.NaN));
                firstAudio.Add(marks.GetValueOrDefault("binary", double.NaN));
                total.Add(marks["done"]);
            }
            foreach (var (name, samples) in new[] { ("stt", stt), ("first_token", firstToken), ("first_audio_byte", firstAudio), ("total", total) })
            {
                var stats = new Stats(samples.Where(s => !double.IsNaN(s)));
                Console.WriteLine($"  {name,-17} p50 {Stats.Ms(stats.P(50))} ms  p95 {Stats.Ms(stats.P(95))} ms  max {Stats.Ms(stats.Max)} ms  (n={stats.Count})");
            }
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Sends the utterance in pieces of chunkMs of speech, each when that much speech would have been recorded.</summary>
    private static async Task SpeakAsync(ClientWebSocket socket, byte[] audio, int chunkMs)
    {
        var durationMs = SpokenMs(audio);
        var chunks = chunkMs == 0 ? 1 : Math.Max(1, (int)Math.Ceiling(durationMs / chunkMs));
        var size = (int)Math.Ceiling(audio.Length / (double)chunks);
        var speaking = Stopwatch.StartNew();
        for (var i = 0; i < chunks; i++)
        {
            var due = TimeSpan.FromMilliseconds(chunkMs * (i + 1.0)) - speaking.Elapsed;
            if (chunkMs > 0 && due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var piece = audio.AsMemory(i * size, Math.Min(size, audio.Length - i * size));
            await socket.SendAsync(piece, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
    }

    private static double SpokenMs(byte[] audio) => SpokenDurations.TryGetValue(audio, out var ms) ? ms : WavInfo.Read(audio)?.DurationMs ?? 3000;

    private static readonly Dictionary<byte[], double> SpokenDurations = new(ReferenceEqualityComparer.Instance);

    private static async Task<byte[]> ToWebmAsync(byte[] wav)
    {
        var webm = await ExternalTool.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-c:a", "libopus", "-f", "webm", "pipe:1"],
            wav, TimeSpan.FromSeconds(60), "ffmpeg", CancellationToken.None);
        SpokenDurations[webm.Stdout] = WavInfo.Read(wav)!.DurationMs;
        return webm.Stdout;
    }

    private static async Task<byte[]> SayAsync(string text)
    {
        var speech = await ExternalTool.RunAsync("espeak-ng", ["-v", "en-us+m1", "-s", "150", "-g", "4", "--stdout", text], null,
            TimeSpan.FromSeconds(60), "espeak-ng", CancellationToken.None);
        var pcm = await ExternalTool.RunAsync("sox", ["-q", "-D", "-t", "wav", "-", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-"], speech.Stdout,
            TimeSpan.FromSeconds(60), "sox", CancellationToken.None);
        return pcm.Stdout;
    }

    private static Task SendAsync(ClientWebSocket socket, object message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Reads messages until one of type <paramref name="until"/>, noting when each type was first seen.</summary>
    private static async Task ReadUntilAsync(ClientWebSocket socket, string until, Dictionary<string, double>? marks, Stopwatch? clock = null)
    {
        var buffer = new byte[256 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);
            var type = result.MessageType == WebSocketMessageType.Binary ? "binary"
                : JsonDocument.Parse(message.ToArray()).RootElement.GetProperty("type").GetString()!;
            if (marks is not null && clock is not null)
            {
                marks.TryAdd(type, clock.Elapsed.TotalMilliseconds);
            }
            if (type == "error")
            {
                throw new InvalidOperationException(Encoding.UTF8.GetString(message.ToArray()));
            }
            if (type == until)
            {
                return;
            }
        }
    }
}
