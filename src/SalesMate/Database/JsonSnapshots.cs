using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SalesMate.Database;

/// <summary>
/// Change tracking of mutable JSON column values (<see cref="JsonColumn.HasJsonConversion{T}"/>): a value is equal to
/// its snapshot when both serialise to the same JSON. A snapshot is EF's private copy and never changes, so its JSON is
/// kept with it: comparing the current value serialises only that value, into a reused UTF-8 buffer, where comparing
/// two fresh strings serialised both sides every time.
/// </summary>
internal static class JsonSnapshots
{
    private static readonly ConditionalWeakTable<object, byte[]> SnapshotJson = [];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static T Snapshot<T>(T value, JsonSerializerOptions options) where T : class
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var copy = JsonSerializer.Deserialize<T>(json, options)!;
        SnapshotJson.AddOrUpdate(copy, json);
        return copy;
    }

    public static bool SameJson<T>(T? a, T? b, JsonSerializerOptions options) where T : class
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }
        if (a is null || b is null)
        {
            return false;
        }
        if (SnapshotJson.TryGetValue(b, out var known))
        {
            return Serialize(a, options).SequenceEqual(known);
        }
        if (SnapshotJson.TryGetValue(a, out known))
        {
            return Serialize(b, options).SequenceEqual(known);
        }
        var first = Serialize(a, options).ToArray();
        return Serialize(b, options).SequenceEqual(first);
    }

    public static int HashOf<T>(T value, JsonSerializerOptions options) where T : class
    {
        var hash = new HashCode();
        hash.AddBytes(SnapshotJson.TryGetValue(value, out var known) ? known : Serialize(value, options));
        return hash.ToHashCode();
    }

    /// <summary>The value's JSON in this thread's buffer, valid until the next call.</summary>
    private static ReadOnlySpan<byte> Serialize<T>(T value, JsonSerializerOptions options)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value, options);
        writer.Flush();
        return buffer.WrittenSpan;
    }
}
