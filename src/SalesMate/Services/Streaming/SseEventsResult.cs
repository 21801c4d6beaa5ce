using System.Buffers;
using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace SalesMate.Services.Streaming;

/// <summary>
/// Server-sent events written straight into the response pipe, with the headers and wire format of ASP.NET Core's
/// <c>TypedResults.ServerSentEvents</c> (no caching, no compression, no buffering, a flush after every event). That
/// result's formatter holds two pooled buffers, grown to the largest event, for as long as the stream is open; an
/// open stream here holds none between events.
/// </summary>
public sealed class SseEventsResult(IAsyncEnumerable<SseItem<ReadOnlyMemory<byte>>> events) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentEncoding = "identity";
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        var writer = response.BodyWriter;
        await foreach (var item in events.WithCancellation(httpContext.RequestAborted))
        {
            Write(writer, item);
            await writer.FlushAsync(httpContext.RequestAborted);
            Utils.TurnTimeline.Mark("sse.flushed");
        }
    }

    /// <summary>
    /// One event: <c>event:</c>, a <c>data:</c> line per line of data, <c>id:</c>, <c>retry:</c>, then a blank line. The
    /// data is UTF-8 already and is copied as it is: line breaks are ASCII, so splitting the bytes splits the text.
    /// </summary>
    public static void Write(IBufferWriter<byte> writer, SseItem<ReadOnlyMemory<byte>> item)
    {
        writer.Write("event: "u8);
        Encoding.UTF8.GetBytes(item.EventType, writer);
        writer.Write("\n"u8);
        var data = item.Data.Span;
        while (true)
        {
            writer.Write("data: "u8);
            var end = data.IndexOfAny((byte)'\r', (byte)'\n');
            if (end < 0)
            {
                writer.Write(data);
                break;
            }
            writer.Write(data[..end]);
            writer.Write("\n"u8);
            var next = data[end] == '\r' && end + 1 < data.Length && data[end + 1] == '\n' ? end + 2 : end + 1;
            data = data[next..];
        }
        writer.Write("\n"u8);
        if (item.EventId is { } id)
        {
            writer.Write("id: "u8);
            Encoding.UTF8.GetBytes(id, writer);
            writer.Write("\n"u8);
        }
        if (item.ReconnectionInterval is { } retry)
        {
            writer.Write("retry: "u8);
            var digits = writer.GetSpan(20);
            ((long)retry.TotalMilliseconds).TryFormat(digits, out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
            writer.Advance(written);
            writer.Write("\n"u8);
        }
        writer.Write("\n"u8);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));
}
