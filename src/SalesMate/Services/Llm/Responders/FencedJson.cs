using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SalesMate.Services.Llm.Responders;

/// <summary>
/// Catalog data serialised straight into its <c>&lt;catalog_data&gt;</c> fence (<see cref="SalesPrompt.FenceTags"/>): the
/// JSON is written to a per-thread UTF-8 buffer and decoded once into the fenced string, with no JSON string in between.
/// </summary>
internal static class FencedJson
{
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static string Write<T>(string source, T value, JsonSerializerOptions options)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8 * 1024);
        buffer.ResetWrittenCount();
        try
        {
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
            {
                JsonSerializer.Serialize(json, value, options);
            }
            var (open, close) = SalesPrompt.FenceTags(source);
            var chars = Encoding.UTF8.GetCharCount(buffer.WrittenSpan);
            return string.Create(open.Length + chars + close.Length, (open, close, buffer), static (span, state) =>
            {
                state.open.CopyTo(span);
                var written = Encoding.UTF8.GetChars(state.buffer.WrittenSpan, span[state.open.Length..]);
                state.close.CopyTo(span[(state.open.Length + written)..]);
            });
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
            }
        }
    }
}
