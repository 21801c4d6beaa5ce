namespace SalesMate.Services.Voice;

/// <summary>
/// Audio of the utterance being spoken on one socket: kept whole (the fallback path converts and transcribes it at the
/// end) and, when the STT can listen while audio arrives, also fed to a <see cref="LiveUtterance"/>.
/// </summary>
public sealed class UtteranceBuffer(ISpeechToText stt, string ffmpegPath) : IAsyncDisposable
{
    private readonly MemoryStream _bytes = new();
    private LiveUtterance? _live;

    /// <summary>One utterance handed to a turn; the turn disposes <see cref="Live"/>.</summary>
    public sealed record Taken(byte[] Audio, LiveUtterance? Live);

    public long Length => _bytes.Length;

    public void Append(byte[] data)
    {
        if (_bytes.Length == 0 && stt is IStreamingSpeechToText streaming)
        {
            _live = new LiveUtterance(streaming, ffmpegPath);
        }
        _bytes.Write(data);
        _live?.Append(data);
    }

    public Taken Take()
    {
        var taken = new Taken(_bytes.ToArray(), _live);
        _bytes.SetLength(0);
        _live = null;
        return taken;
    }

    public async Task DropAsync() => await Take().Live.DisposeIfAny();

    public ValueTask DisposeAsync() => new(DropAsync());
}

internal static class LiveUtteranceExtensions
{
    public static ValueTask DisposeIfAny(this LiveUtterance? live) => live?.DisposeAsync() ?? ValueTask.CompletedTask;
}
