using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;
using SalesMate.Services.Streaming;

namespace SalesMate.Tests.Streaming;

/// <summary>The SSE writer of the stream endpoints puts the same bytes on the wire as .NET's own SSE formatter.</summary>
public sealed class SseEventsResultTests
{
    public static TheoryData<string?, string, string?, int?> Items => new()
    {
        { """{"text":"Hello"}""", "token", "7", 3000 },
        { "{}", "heartbeat", null, null },
        { "first line\nsecond\r\nthird\rfourth", "meta", "1", null },
        { "ends with a newline\n", "done", "12", null },
        { "", "error", "2", 0 },
        { null, "token", null, null },
        { "naïve — ünïcödé ✓", "token", "3", null },
        { "zeile — ü\r\n日本語 ✓\n\rlast", "meta", "4", 1500 },
    };

    [Theory]
    [MemberData(nameof(Items))]
    public async Task An_event_is_written_exactly_as_the_framework_formatter_writes_it(string? data, string type, string? id, int? retryMs)
    {
        var item = new SseItem<string>(data!, type)
        {
            EventId = id,
            ReconnectionInterval = retryMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        using var expected = new MemoryStream();
        await SseFormatter.WriteAsync(One(item), expected);

        // The stream keeps its events as UTF-8 and writes those bytes as they are.
        var written = new ArrayBufferWriter<byte>();
        SseEventsResult.Write(written, new SseItem<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes(data ?? ""), type)
        {
            EventId = item.EventId,
            ReconnectionInterval = item.ReconnectionInterval,
        });

        written.WrittenSpan.ToArray().Should().Equal(expected.ToArray());
    }

    private static async IAsyncEnumerable<SseItem<string>> One(SseItem<string> item)
    {
        await Task.Yield();
        yield return item;
    }
}
