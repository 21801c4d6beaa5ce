using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SalesMate.Tests.Voice;

/// <summary>A real WebSocket client of /api/v1/voice/live: JSON messages and binary audio, each read whole.</summary>
public sealed class VoiceClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public sealed record Received(string? Type, JsonElement Json, byte[]? Audio);

    public WebSocketState State => _socket.State;

    public static async Task<VoiceClient> ConnectAsync(Uri httpBase, string sessionToken)
    {
        var client = new VoiceClient();
        client._socket.Options.SetRequestHeader("X-Session-Token", sessionToken);
        var uri = new UriBuilder(httpBase) { Scheme = "ws", Path = "/api/v1/voice/live" }.Uri;
        await client._socket.ConnectAsync(uri, Timeout());
        return client;
    }

    public Task SendJsonAsync(object message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, Timeout());

    public Task SendAudioAsync(byte[] audio) => _socket.SendAsync(audio, WebSocketMessageType.Binary, true, Timeout());

    public async Task<Received> ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, Timeout());
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new Received("closed", default, null);
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    return new Received(null, default, message.ToArray());
                }
                var json = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                return new Received(json.GetProperty("type").GetString(), json, null);
            }
        }
    }

    /// <summary>Reads until a JSON message of one of the types arrives; returns everything read, that one last.</summary>
    public async Task<List<Received>> ReadUntilAsync(params string[] types)
    {
        var all = new List<Received>();
        while (true)
        {
            var next = await ReceiveAsync();
            all.Add(next);
            if (next.Type is { } type && (types.Contains(type) || type == "closed"))
            {
                return all;
            }
        }
    }

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        _socket.Dispose();
    }
}

/// <summary>
/// Speech made by espeak-ng in the voice pocketsphinx recognises best (en-us+m1, short word gaps), resampled by sox to
/// 16 kHz mono PCM as a client would send it, without dither (-D) so the same text always gives the same audio.
/// </summary>
public static class SpokenWav
{
    public static async Task<byte[]> SayAsync(string text)
    {
        var speech = await SalesMate.Services.Voice.ExternalTool.RunAsync("espeak-ng", ["-v", "en-us+m1", "-s", "150", "-g", "4", "--stdout", text],
            null, TimeSpan.FromSeconds(60), "espeak-ng", CancellationToken.None);
        speech.ExitCode.Should().Be(0);
        var pcm = await SalesMate.Services.Voice.ExternalTool.RunAsync("sox", ["-q", "-D", "-t", "wav", "-", "-r", "16000", "-c", "1", "-b", "16", "-t", "wav", "-"],
            speech.Stdout, TimeSpan.FromSeconds(60), "sox", CancellationToken.None);
        pcm.ExitCode.Should().Be(0, pcm.Stderr);
        return pcm.Stdout;
    }
}
