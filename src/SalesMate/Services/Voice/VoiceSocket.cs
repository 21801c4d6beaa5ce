using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SalesMate.Services.Voice;

/// <summary>The server side of the socket: whole messages in (bounded), JSON and binary out, one send at a time.</summary>
public sealed class VoiceSocket(WebSocket socket, int maxFrameBytes)
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    public sealed record Incoming(WebSocketMessageType Type, byte[] Data, bool TooLarge);

    public bool IsOpen => socket.State == WebSocketState.Open;

    /// <summary>The next whole message; one larger than the frame limit is read to its end and reported, not kept.</summary>
    public async Task<Incoming?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        var tooLarge = false;
        while (true)
        {
            // Cancelling a WebSocket receive aborts the socket; waiting on it instead keeps the socket open for a last
            // message (session_expired) and the close handshake, which picks up this receive.
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).AsTask().WaitAsync(cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            if (!tooLarge)
            {
                if (message.Length + result.Count > maxFrameBytes)
                {
                    tooLarge = true;
                    message.SetLength(0);
                }
                else
                {
                    message.Write(buffer, 0, result.Count);
                }
            }
            if (result.EndOfMessage)
            {
                return new Incoming(result.MessageType, message.ToArray(), tooLarge);
            }
        }
    }

    public Task SendJsonAsync(object payload, CancellationToken cancellationToken) =>
        SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(payload, VoiceJson.Options)), WebSocketMessageType.Text, cancellationToken);

    public Task SendErrorAsync(string code, string detail, CancellationToken cancellationToken) =>
        SendJsonAsync(new { type = "error", code, detail }, cancellationToken);

    public Task SendAudioAsync(byte[] audio, CancellationToken cancellationToken) => SendAsync(audio, WebSocketMessageType.Binary, cancellationToken);

    private async Task SendAsync(byte[] data, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                // Never the caller's token here: cancelling a WebSocket send aborts the whole socket (a barge-in must not).
                await socket.SendAsync(data, type, endOfMessage: true, CancellationToken.None);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(status, reason, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // the client went away first
            }
        }
    }
}
